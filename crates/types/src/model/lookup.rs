//! Field and method lookup through embedded fields, method sets, and
//! interface implementation.

use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap, FxHashSet};

use super::object::{ObjId, ObjKind};
use super::package::PkgId;
use super::symbol::Symbol;
use super::types::{Term, Type, TypeId};
use super::typeset::TermList;
use super::Store;

/// A field or method found by [`Store::lookup_field_or_method`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Selection {
    /// The field (a variable) or method (a function).
    pub obj: ObjId,
    /// The indices of the embedded fields walked through, then the index
    /// of the field, or of the method in its named type's method list or
    /// its interface's type set.
    pub index: Vec<u32>,
    /// Whether a pointer was dereferenced on the way (the receiver itself
    /// being a pointer included), go/types' `indirect`.
    pub indirect: bool,
    /// For a method: what the final receiver needs.
    pub recv_adjust: RecvAdjust,
}

/// How a method's receiver is obtained from the value holding it at the
/// end of the path.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecvAdjust {
    /// Passed as is (also: fields, interface methods).
    AsIs,
    /// A pointer-receiver method on an addressable value: `(&x).m`.
    AddrOf,
    /// A value-receiver method reached through a pointer: `(*p).m`.
    Deref,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LookupResult {
    Found(Selection),
    /// Several fields or methods of that name at the shallowest depth; the
    /// path of the one that collided.
    Ambiguous {
        index: Vec<u32>,
    },
    /// A method with a pointer receiver, on a value that is neither a
    /// pointer nor addressable.
    NeedsPointerReceiver,
    NotFound,
}

impl LookupResult {
    pub fn selection(&self) -> Option<&Selection> {
        match self {
            LookupResult::Found(sel) => Some(sel),
            _ => None,
        }
    }
}

/// One entry of a method set.
pub type MethodSetEntry = Selection;

/// Why a type does not have a method an interface requires.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MissingMethod {
    NotFound(ObjId),
    /// A method whose name differs only in case.
    WrongName {
        want: ObjId,
        have: ObjId,
    },
    /// The method exists but is unexported in another package.
    Unexported {
        want: ObjId,
        have: ObjId,
    },
    WrongSignature {
        want: ObjId,
        have: ObjId,
    },
    AmbiguousSelector(ObjId),
    PointerReceiver(ObjId),
    /// A field of that name, not a method.
    Field(ObjId),
}

impl MissingMethod {
    /// The interface's method that is missing.
    pub fn method(&self) -> ObjId {
        match *self {
            MissingMethod::NotFound(m)
            | MissingMethod::AmbiguousSelector(m)
            | MissingMethod::PointerReceiver(m)
            | MissingMethod::Field(m) => m,
            MissingMethod::WrongName { want, .. }
            | MissingMethod::Unexported { want, .. }
            | MissingMethod::WrongSignature { want, .. } => want,
        }
    }
}

/// Why a type does not implement (or satisfy) an interface.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NotImplemented {
    NotAnInterface,
    EmptyTypeSet,
    Missing(MissingMethod),
    /// Not in the interface's type terms; `tilde_hint` is a term `T` such
    /// that `~T` would have matched.
    NotInTypeSet {
        tilde_hint: Option<TypeId>,
    },
    NotComparable,
}

/// How many embedded types a lookup or method set visits at most. Valid
/// programs stay far below; embedding generic instances whose arguments
/// grow at each level (an instantiation cycle the checker reports) would
/// otherwise never end.
const MAX_EMBEDDED_VISITS: usize = 10_000;

/// A type to search at the current depth.
#[derive(Clone)]
struct Embedded {
    ty: TypeId,
    index: Vec<u32>,
    indirect: bool,
    /// Whether this type was reached through a pointer in the last step.
    via_pointer: bool,
    /// Whether the type occurs more than once at this depth.
    multiples: bool,
}

impl Embedded {
    /// The embedded field `field` (at index `i`) of this type, to search
    /// at the next depth.
    fn through_field(&self, store: &Store, field: ObjId, i: usize) -> Embedded {
        let field_ty = store.obj_type(field);
        let (ty, via_pointer) = match store.pointer_elem(field_ty) {
            Some(elem) => (elem, true),
            None => (field_ty, false),
        };
        Embedded {
            ty,
            index: extend(&self.index, i),
            indirect: self.indirect || via_pointer,
            via_pointer,
            multiples: self.multiples,
        }
    }
}

fn extend(index: &[u32], i: usize) -> Vec<u32> {
    let mut v = index.to_vec();
    v.push(u32::try_from(i).unwrap_or(u32::MAX));
    v
}

impl Store {
    /// Looks up field or method `name` (of package `pkg`, for unexported
    /// names) in `ty`, through embedded fields at any depth; a shallower
    /// one shadows deeper ones, two at the same depth are ambiguous.
    /// Pointer-receiver methods need a pointer or an `addressable` value.
    pub fn lookup_field_or_method(
        &self,
        ty: TypeId,
        addressable: bool,
        pkg: Option<PkgId>,
        name: Symbol,
    ) -> LookupResult {
        if self.is_named_pointer(ty) {
            let result = self.lookup_impl(self.underlying(ty), false, pkg, name, false);
            return match result {
                LookupResult::Found(sel) if self.is_func(sel.obj) => LookupResult::NotFound,
                other => other,
            };
        }
        self.lookup_impl(ty, addressable, pkg, name, false)
    }

    /// Where a search starts: `ty`, or for a pointer its base type (no
    /// search at all for a pointer to an interface, which has no methods).
    fn search_start(&self, ty: TypeId) -> Option<Embedded> {
        let (start, is_ptr) = match self.pointer_elem(ty) {
            Some(elem) => (elem, true),
            None => (ty, false),
        };
        if is_ptr && self.is_interface(start) {
            return None;
        }
        Some(Embedded {
            ty: start,
            index: Vec::new(),
            indirect: is_ptr,
            via_pointer: is_ptr,
            multiples: false,
        })
    }

    fn recv_adjust(&self, method: ObjId, via_pointer: bool) -> RecvAdjust {
        match (self.has_ptr_recv(method), via_pointer) {
            (true, false) => RecvAdjust::AddrOf,
            (false, true) => RecvAdjust::Deref,
            _ => RecvAdjust::AsIs,
        }
    }

    /// A named type whose underlying type is a pointer (`type P *T`): it
    /// has the fields of `T` but no methods.
    fn is_named_pointer(&self, ty: TypeId) -> bool {
        matches!(self.ty(self.unalias(ty)), Type::Named(_))
            && matches!(self.ty(self.underlying(ty)), Type::Pointer(_))
    }

    fn is_func(&self, obj: ObjId) -> bool {
        matches!(self.obj(obj).kind, ObjKind::Func(_))
    }

    fn member_matches(
        &self,
        obj: ObjId,
        pkg: Option<PkgId>,
        name: Symbol,
        fold_case: bool,
    ) -> bool {
        let o = self.obj(obj);
        if fold_case {
            let (a, b) = (o.name.as_str(), name.as_str());
            return a
                .chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase));
        }
        o.same_id(pkg, name)
    }

    /// The method `name` declared on named type `ty`, and its index.
    fn named_method(
        &self,
        ty: TypeId,
        pkg: Option<PkgId>,
        name: Symbol,
        fold_case: bool,
    ) -> Option<(usize, ObjId)> {
        self.methods(ty)
            .iter()
            .enumerate()
            .find(|&(_, &m)| self.member_matches(m, pkg, name, fold_case))
            .map(|(i, &m)| (i, m))
    }

    fn lookup_impl(
        &self,
        ty: TypeId,
        addressable: bool,
        pkg: Option<PkgId>,
        name: Symbol,
        fold_case: bool,
    ) -> LookupResult {
        if name.is_blank() {
            return LookupResult::NotFound;
        }
        let Some(start) = self.search_start(ty) else {
            return LookupResult::NotFound;
        };
        let mut current = vec![start];
        let mut seen: FxHashSet<TypeId> = FxHashSet::default();
        let mut budget = MAX_EMBEDDED_VISITS;
        while !current.is_empty() {
            budget = budget.saturating_sub(current.len());
            if budget == 0 {
                return LookupResult::NotFound;
            }
            let mut next = Vec::new();
            let mut found: Option<Selection> = None;
            for e in &current {
                let ty = self.unalias(e.ty);
                if let Type::Named(_) = self.ty(ty) {
                    // Named types are identical exactly when their
                    // canonical forms are equal.
                    if !seen.insert(self.canon(ty)) {
                        continue;
                    }
                    if let Some((i, m)) = self.named_method(ty, pkg, name, fold_case) {
                        let index = extend(&e.index, i);
                        if found.is_some() || e.multiples {
                            return LookupResult::Ambiguous { index };
                        }
                        found = Some(Selection {
                            obj: m,
                            index,
                            indirect: e.indirect,
                            recv_adjust: self.recv_adjust(m, e.via_pointer),
                        });
                        // A type with a method of that name has no field or
                        // interface method of that name.
                        continue;
                    }
                }
                let u = self.underlying(ty);
                match self.ty(u) {
                    Type::Struct(s) => {
                        for (i, &f) in s.fields.iter().enumerate() {
                            if self.member_matches(f, pkg, name, fold_case) {
                                let index = extend(&e.index, i);
                                if found.is_some() || e.multiples {
                                    return LookupResult::Ambiguous { index };
                                }
                                found = Some(Selection {
                                    obj: f,
                                    index,
                                    indirect: e.indirect,
                                    recv_adjust: RecvAdjust::AsIs,
                                });
                                continue;
                            }
                            if found.is_none() && self.is_embedded(f) {
                                next.push(e.through_field(self, f, i));
                            }
                        }
                    }
                    Type::Interface(_) => {
                        let set = self.type_set(u);
                        let hit = set
                            .methods
                            .iter()
                            .position(|&m| self.member_matches(m, pkg, name, fold_case));
                        if let Some(i) = hit {
                            let index = extend(&e.index, i);
                            if found.is_some() || e.multiples {
                                return LookupResult::Ambiguous { index };
                            }
                            found = Some(Selection {
                                obj: set.methods[i],
                                index,
                                indirect: e.indirect,
                                recv_adjust: RecvAdjust::AsIs,
                            });
                        }
                    }
                    _ => {}
                }
            }
            if let Some(sel) = found {
                if self.is_func(sel.obj)
                    && self.has_ptr_recv(sel.obj)
                    && !sel.indirect
                    && !addressable
                {
                    return LookupResult::NeedsPointerReceiver;
                }
                return LookupResult::Found(sel);
            }
            current = self.consolidate_multiples(next);
        }
        LookupResult::NotFound
    }

    /// Merges entries of identical types, marking them as occurring
    /// several times.
    fn consolidate_multiples(&self, list: Vec<Embedded>) -> Vec<Embedded> {
        let mut result: Vec<Embedded> = Vec::with_capacity(list.len());
        // Embedded types are never generic signatures, so identity is
        // equality of canonical forms.
        let mut position: FxHashMap<TypeId, usize> = FxHashMap::default();
        for e in list {
            match position.entry(self.canon(e.ty)) {
                Entry::Occupied(i) => result[*i.get()].multiples = true,
                Entry::Vacant(slot) => {
                    slot.insert(result.len());
                    result.push(e);
                }
            }
        }
        result
    }

    /// The method set of `ty`, sorted by method id (exported names, then
    /// `path.name` for unexported ones), as go/types' `NewMethodSet`.
    pub fn method_set(&self, ty: TypeId) -> Vec<MethodSetEntry> {
        if self.is_named_pointer(ty) {
            return Vec::new();
        }
        let Some(start) = self.search_start(ty) else {
            return Vec::new();
        };
        // Entries by method id; `None` marks a collision.
        let mut base: Vec<(String, Option<Selection>)> = Vec::new();
        let mut current = vec![start];
        let mut seen: FxHashSet<TypeId> = FxHashSet::default();
        let mut budget = MAX_EMBEDDED_VISITS;
        while !current.is_empty() {
            budget = budget.saturating_sub(current.len());
            if budget == 0 {
                break;
            }
            let mut next = Vec::new();
            let mut field_ids: Vec<String> = Vec::new();
            let mut level: Vec<(String, Option<Selection>)> = Vec::new();
            for e in &current {
                let ty = self.unalias(e.ty);
                if let Type::Named(_) = self.ty(ty) {
                    // Named types are identical exactly when their
                    // canonical forms are equal.
                    if !seen.insert(self.canon(ty)) {
                        continue;
                    }
                    for (i, &m) in self.methods(ty).iter().enumerate() {
                        let sel = Selection {
                            obj: m,
                            index: extend(&e.index, i),
                            indirect: e.indirect,
                            recv_adjust: self.recv_adjust(m, e.via_pointer),
                        };
                        let admissible = e.indirect || !self.has_ptr_recv(m);
                        self.add_to_level(&mut level, sel, admissible, e.multiples);
                    }
                }
                let u = self.underlying(ty);
                match self.ty(u) {
                    Type::Struct(s) => {
                        for (i, &f) in s.fields.iter().enumerate() {
                            field_ids.push(self.member_id_string(f));
                            if self.is_embedded(f) {
                                next.push(e.through_field(self, f, i));
                            }
                        }
                    }
                    Type::Interface(_) => {
                        for (i, &m) in self.type_set(u).methods.iter().enumerate() {
                            let sel = Selection {
                                obj: m,
                                index: extend(&e.index, i),
                                indirect: true,
                                recv_adjust: RecvAdjust::AsIs,
                            };
                            self.add_to_level(&mut level, sel, true, e.multiples);
                        }
                    }
                    _ => {}
                }
            }
            // Methods found at this depth, unless shadowed by shallower
            // entries; a field of the same name at this depth collides.
            for (id, sel) in level {
                if !base.iter().any(|(k, _)| *k == id) {
                    let sel = if field_ids.contains(&id) { None } else { sel };
                    base.push((id, sel));
                }
            }
            for id in field_ids {
                if !base.iter().any(|(k, _)| *k == id) {
                    base.push((id, None));
                }
            }
            current = self.consolidate_multiples(next);
        }
        let mut list: Vec<(String, Selection)> = base
            .into_iter()
            .filter_map(|(id, sel)| sel.map(|s| (id, s)))
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.into_iter().map(|(_, sel)| sel).collect()
    }

    fn add_to_level(
        &self,
        level: &mut Vec<(String, Option<Selection>)>,
        sel: Selection,
        admissible: bool,
        multiples: bool,
    ) {
        let id = self.member_id_string(sel.obj);
        let existing = level.iter().position(|(k, _)| *k == id);
        match existing {
            None if !multiples && admissible => level.push((id, Some(sel))),
            None => level.push((id, None)),
            Some(i) => level[i].1 = None,
        }
    }

    /// go/types' `Id`: the name if exported, else `path.name`.
    fn member_id_string(&self, obj: ObjId) -> String {
        let o = self.obj(obj);
        if o.is_exported() {
            return o.name.as_str().to_owned();
        }
        let path = self.pkg_path(o.pkg);
        let path = if path.is_empty() { "_" } else { path };
        format!("{path}.{}", o.name)
    }

    /// The first method of interface `iface` that `v` lacks (or has with
    /// the wrong signature). `statically` requires an interface `v` to
    /// have all methods; otherwise only those it has must match (type
    /// assertions).
    pub fn missing_method(
        &self,
        v: TypeId,
        iface: TypeId,
        statically: bool,
    ) -> Option<MissingMethod> {
        let wanted = self.type_set(iface);
        if wanted.methods.is_empty() {
            return None;
        }
        let vu = self.underlying(v);
        if let Type::Interface(_) = self.ty(vu) {
            let have = self.type_set(vu);
            for &m in wanted.methods.iter() {
                let mo = self.obj(m);
                let found = have
                    .methods
                    .iter()
                    .find(|&&f| self.obj(f).same_id(mo.pkg, mo.name));
                match found {
                    None if statically => return Some(MissingMethod::NotFound(m)),
                    None => {}
                    Some(&f) if !self.identical(self.obj_type(f), self.obj_type(m)) => {
                        return Some(MissingMethod::WrongSignature { want: m, have: f })
                    }
                    Some(_) => {}
                }
            }
            return None;
        }
        for &m in wanted.methods.iter() {
            let mo = self.obj(m);
            match self.lookup_impl(v, false, mo.pkg, mo.name, false) {
                LookupResult::Found(sel) if self.is_func(sel.obj) => {
                    if !self.identical(self.obj_type(sel.obj), self.obj_type(m)) {
                        return Some(MissingMethod::WrongSignature {
                            want: m,
                            have: sel.obj,
                        });
                    }
                }
                LookupResult::Found(_) => return Some(MissingMethod::Field(m)),
                LookupResult::Ambiguous { .. } => return Some(MissingMethod::AmbiguousSelector(m)),
                LookupResult::NeedsPointerReceiver => {
                    return Some(MissingMethod::PointerReceiver(m))
                }
                LookupResult::NotFound => {
                    let folded = self.lookup_impl(v, false, mo.pkg, mo.name, true);
                    return Some(match folded {
                        LookupResult::Found(sel) if self.is_func(sel.obj) => {
                            if self.obj(sel.obj).name == mo.name {
                                MissingMethod::Unexported {
                                    want: m,
                                    have: sel.obj,
                                }
                            } else {
                                MissingMethod::WrongName {
                                    want: m,
                                    have: sel.obj,
                                }
                            }
                        }
                        _ => MissingMethod::NotFound(m),
                    });
                }
            }
        }
        None
    }

    /// Whether `v` implements interface `t` (assignability to an
    /// interface: methods, type terms, comparability).
    pub fn implements(&self, v: TypeId, t: TypeId) -> bool {
        self.check_implements(v, t, false).is_ok()
    }

    /// Whether type argument `v` satisfies constraint `t` (like
    /// [`Store::implements`], but spec-comparable types satisfy
    /// `comparable`).
    pub fn satisfies(&self, v: TypeId, t: TypeId) -> bool {
        self.check_implements(v, t, true).is_ok()
    }

    /// go/types' `implements`, with the reason for failure.
    pub fn check_implements(
        &self,
        v: TypeId,
        t: TypeId,
        constraint: bool,
    ) -> Result<(), NotImplemented> {
        let (vu, tu) = (self.underlying(v), self.underlying(t));
        if !self.is_valid(vu) || !self.is_valid(tu) {
            return Ok(()); // avoid follow-on errors
        }
        if let Type::Pointer(base) = self.ty(vu) {
            if !self.is_valid(self.underlying(*base)) {
                return Ok(());
            }
        }
        let Type::Interface(_) = self.ty(tu) else {
            return Err(NotImplemented::NotAnInterface);
        };
        let tset = self.type_set(tu);
        if tset.is_all() {
            return Ok(());
        }
        let v_iface = matches!(self.ty(vu), Type::Interface(_));
        if v_iface && self.type_set(vu).is_empty() {
            return Ok(());
        }
        if tset.is_empty() {
            return Err(NotImplemented::EmptyTypeSet);
        }
        if self.is_valid(v) {
            if let Some(missing) = self.missing_method(v, t, true) {
                if !self.has_invalid_embedded_fields(v, &mut Vec::new()) {
                    return Err(NotImplemented::Missing(missing));
                }
            }
        }
        let comparable_ok = || {
            let needs = match &tset.terms {
                TermList::All => tset.comparable,
                TermList::Terms(_) => self.comparable_terms_only(&tset.terms),
            };
            if !needs || self.is_strictly_comparable(v) || constraint && self.is_comparable(v) {
                Ok(())
            } else {
                Err(NotImplemented::NotComparable)
            }
        };
        let TermList::Terms(terms) = &tset.terms else {
            return comparable_ok();
        };
        if v_iface {
            let vset = self.type_set(vu);
            return if self.term_list_subset(&vset.terms, &tset.terms) {
                comparable_ok()
            } else {
                Err(NotImplemented::NotInTypeSet { tilde_hint: None })
            };
        }
        if terms.iter().any(|&term| self.term_includes(term, v)) {
            return comparable_ok();
        }
        let tilde_hint = terms
            .iter()
            .find(|term| {
                !term.tilde
                    && self.identical(term.ty, self.underlying(term.ty))
                    && self.term_includes(
                        Term {
                            tilde: true,
                            ty: term.ty,
                        },
                        v,
                    )
            })
            .map(|term| term.ty);
        Err(NotImplemented::NotInTypeSet { tilde_hint })
    }

    /// go/types' `Interface.IsComparable` for term lists: every term
    /// strictly comparable.
    fn comparable_terms_only(&self, terms: &TermList) -> bool {
        terms
            .terms()
            .is_some_and(|t| t.iter().all(|term| self.is_strictly_comparable(term.ty)))
    }

    /// Whether a struct (or pointer to one) embeds an invalid type at any
    /// depth: its method set is then unknown.
    fn has_invalid_embedded_fields(&self, ty: TypeId, seen: &mut Vec<TypeId>) -> bool {
        let mut base = ty;
        if let Type::Pointer(elem) = self.ty(self.underlying(ty)) {
            if matches!(self.ty(self.underlying(*elem)), Type::Struct(_)) {
                base = *elem;
            }
        }
        let u = self.underlying(base);
        let Type::Struct(s) = self.ty(u) else {
            return false;
        };
        if seen.contains(&u) {
            return false;
        }
        seen.push(u);
        s.fields.iter().any(|&f| {
            self.is_embedded(f) && {
                let fty = self.obj_type(f);
                !self.is_valid(fty) || self.has_invalid_embedded_fields(fty, seen)
            }
        })
    }

    /// Whether a value of interface type `v` can be asserted to type `t`
    /// (`t` must have the methods `v` has, with matching signatures).
    pub fn assertable_to(&self, v: TypeId, t: TypeId) -> bool {
        self.is_interface(t) || self.missing_method(t, v, false).is_none()
    }
}
