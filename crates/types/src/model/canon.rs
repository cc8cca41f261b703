//! Type identity through canonical representatives.
//!
//! Struct, tuple, signature and interface types are created once per
//! declaration, because they hold per-declaration objects (fields and
//! parameters with their positions and names). Identity ignores those
//! details, so each type is mapped to the representative of its identity
//! class: composite types are rebuilt from canonical parts and hash-consed,
//! types holding objects are keyed by what identity compares (field names,
//! embedding, tags, canonical types; method ids and signatures; type set
//! terms) and the first type seen with a key represents it. Then
//! `identical(x, y)` is `canon(x) == canon(y)`, cached per type, except for
//! generic signatures, which are identical up to renaming of their type
//! parameters and are compared structurally.

use super::object::ObjId;
use super::package::PkgId;
use super::subst::SubstMap;
use super::symbol::Symbol;
use super::types::{BasicKind, Term, Type, TypeId};
use super::typeset::{Completeness, TermList};
use super::Store;
use goescape_syntax::stack::ensure_sufficient_stack;

/// What identity compares, for types that hold objects.
#[derive(PartialEq, Eq, Hash)]
pub(crate) enum CanonKey {
    Struct(Box<[CanonField]>),
    Tuple(Box<[TypeId]>),
    Signature {
        params: TypeId,
        results: TypeId,
        variadic: bool,
    },
    Interface {
        methods: Box<[(MethodId, TypeId)]>,
        terms: Option<Box<[Term]>>,
        comparable: bool,
    },
    Union(Option<Box<[Term]>>),
}

/// A name as identity compares it: unexported names carry their package.
#[derive(PartialEq, Eq, Hash, Clone, Copy)]
pub(crate) struct MethodId {
    name: Symbol,
    pkg: Option<PkgId>,
}

#[derive(PartialEq, Eq, Hash)]
pub(crate) struct CanonField {
    id: MethodId,
    ty: TypeId,
    embedded: bool,
    tag: Symbol,
}

impl Store {
    fn member_id(&self, obj: ObjId) -> MethodId {
        let o = self.obj(obj);
        MethodId {
            name: o.name,
            pkg: if o.is_exported() { None } else { o.pkg },
        }
    }

    /// Whether `x` and `y` are identical types (the spec's type identity;
    /// aliases are their right-hand sides).
    pub fn identical(&self, x: TypeId, y: TypeId) -> bool {
        let (x, y) = (self.unalias(x), self.unalias(y));
        if x == y {
            return true;
        }
        if let (Type::Signature(sx), Type::Signature(sy)) = (self.ty(x), self.ty(y)) {
            if !sx.type_params.is_empty() || !sy.type_params.is_empty() {
                return self.identical_generic_signatures(x, y);
            }
        }
        self.canon(x) == self.canon(y)
    }

    /// Identity that disregards struct tags at any depth, as conversions
    /// between struct types do.
    pub fn identical_ignoring_tags(&self, x: TypeId, y: TypeId) -> bool {
        let (x, y) = (self.unalias(x), self.unalias(y));
        if self.identical(x, y) {
            return true;
        }
        let same = |a: TypeId, b: TypeId| self.identical_ignoring_tags(a, b);
        match (self.ty(x), self.ty(y)) {
            (Type::Struct(a), Type::Struct(b)) => {
                a.fields.len() == b.fields.len()
                    && a.fields.iter().zip(b.fields.iter()).all(|(&f, &g)| {
                        self.is_embedded(f) == self.is_embedded(g)
                            && self.member_id(f) == self.member_id(g)
                            && same(self.obj_type(f), self.obj_type(g))
                    })
            }
            (Type::Pointer(a), Type::Pointer(b)) | (Type::Slice(a), Type::Slice(b)) => same(*a, *b),
            (Type::Array { elem: a, len: m }, Type::Array { elem: b, len: n }) => {
                m == n && same(*a, *b)
            }
            (Type::Map { key: k1, elem: e1 }, Type::Map { key: k2, elem: e2 }) => {
                same(*k1, *k2) && same(*e1, *e2)
            }
            (Type::Chan { dir: d1, elem: e1 }, Type::Chan { dir: d2, elem: e2 }) => {
                d1 == d2 && same(*e1, *e2)
            }
            (Type::Tuple(a), Type::Tuple(b)) => {
                a.vars.len() == b.vars.len()
                    && a.vars
                        .iter()
                        .zip(b.vars.iter())
                        .all(|(&v, &w)| same(self.obj_type(v), self.obj_type(w)))
            }
            (Type::Signature(a), Type::Signature(b)) => {
                a.type_params.is_empty()
                    && b.type_params.is_empty()
                    && a.variadic == b.variadic
                    && same(a.params, b.params)
                    && same(a.results, b.results)
            }
            (Type::Interface(_), Type::Interface(_)) => {
                let (sx, sy) = (self.type_set(x), self.type_set(y));
                sx.comparable == sy.comparable
                    && self.term_lists_equal(&sx.terms, &sy.terms)
                    && sx.methods.len() == sy.methods.len()
                    && sx.methods.iter().zip(sy.methods.iter()).all(|(&f, &g)| {
                        self.member_id(f) == self.member_id(g)
                            && same(self.obj_type(f), self.obj_type(g))
                    })
            }
            _ => false,
        }
    }

    /// Generic signatures are identical if they have the same number of
    /// type parameters and are identical once `y`'s type parameters are
    /// renamed to `x`'s (constraints included).
    fn identical_generic_signatures(&self, x: TypeId, y: TypeId) -> bool {
        let (Type::Signature(sx), Type::Signature(sy)) = (self.ty(x), self.ty(y)) else {
            return false;
        };
        if sx.type_params.len() != sy.type_params.len() || sx.variadic != sy.variadic {
            return false;
        }
        let rename = SubstMap::new(&sy.type_params, &sx.type_params);
        sx.type_params
            .iter()
            .zip(sy.type_params.iter())
            .all(|(&px, &py)| {
                let renamed = self.subst(self.constraint(py), &rename);
                self.identical(self.constraint(px), renamed)
            })
            && self.identical(sx.params, self.subst(sy.params, &rename))
            && self.identical(sx.results, self.subst(sy.results, &rename))
    }

    /// The representative of `ty`'s identity class.
    pub(crate) fn canon(&self, ty: TypeId) -> TypeId {
        CanonWalk {
            store: self,
            active: Vec::new(),
        }
        .canon(ty, &mut Completeness(true))
    }

    fn representative(&self, key: CanonKey, ty: TypeId) -> TypeId {
        self.canon_reps.get_or_insert_with(key, || ty)
    }
}

/// One canonicalization, remembering the types being canonicalized: a
/// type reached again inside itself (only possible through an invalid
/// alias cycle, which the checker reports) stands for itself.
struct CanonWalk<'a> {
    store: &'a Store,
    active: Vec<TypeId>,
}

impl CanonWalk<'_> {
    fn canon(&mut self, ty: TypeId, complete: &mut Completeness) -> TypeId {
        ensure_sufficient_stack(|| {
            let entry = self.store.entry(ty);
            if let Some(&canon) = entry.canon.get() {
                return canon;
            }
            if self.active.contains(&ty) {
                complete.0 = false;
                return ty;
            }
            self.active.push(ty);
            let mut inner = Completeness(true);
            let canon = self.compute(ty, &mut inner);
            self.active.pop();
            if inner.0 {
                let _ = entry.canon.set(canon);
            } else {
                complete.0 = false;
            }
            canon
        })
    }

    fn compute(&mut self, ty: TypeId, complete: &mut Completeness) -> TypeId {
        let st = self.store;
        match st.ty(ty) {
            Type::Basic(b) => TypeId::basic(b.kind),
            Type::Pointer(e) => {
                let e = self.canon(*e, complete);
                st.pointer(e)
            }
            Type::Slice(e) => {
                let e = self.canon(*e, complete);
                st.slice(e)
            }
            Type::Array { elem, len } => {
                let e = self.canon(*elem, complete);
                st.array(e, *len)
            }
            Type::Map { key, elem } => {
                let k = self.canon(*key, complete);
                let e = self.canon(*elem, complete);
                st.map(k, e)
            }
            Type::Chan { dir, elem } => {
                let e = self.canon(*elem, complete);
                st.chan(*dir, e)
            }
            Type::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, &f)| CanonField {
                        id: st.member_id(f),
                        ty: self.canon(st.obj_type(f), complete),
                        embedded: st.is_embedded(f),
                        tag: s.tag(i),
                    })
                    .collect();
                st.representative(CanonKey::Struct(fields), ty)
            }
            Type::Tuple(t) => {
                let types = t
                    .vars
                    .iter()
                    .map(|&v| self.canon(st.obj_type(v), complete))
                    .collect();
                st.representative(CanonKey::Tuple(types), ty)
            }
            Type::Signature(sig) if sig.type_params.is_empty() => {
                let key = CanonKey::Signature {
                    params: self.canon(sig.params, complete),
                    results: self.canon(sig.results, complete),
                    variadic: sig.variadic,
                };
                st.representative(key, ty)
            }
            Type::Signature(_) | Type::TypeParam(_) => ty,
            Type::Interface(_) => {
                let set = st.interface_type_set(ty, &mut Vec::new(), complete);
                let methods = set
                    .methods
                    .iter()
                    .map(|&m| {
                        let sig = st.known_obj_type(m).unwrap_or_else(|| {
                            complete.0 = false;
                            TypeId::INVALID
                        });
                        (st.member_id(m), self.canon(sig, complete))
                    })
                    .collect();
                let key = CanonKey::Interface {
                    methods,
                    terms: self.terms(&set.terms, complete),
                    comparable: set.comparable,
                };
                st.representative(key, ty)
            }
            Type::Union(terms) => {
                let list = TermList::Terms(terms.to_vec());
                let normalized = st.term_list_union(&TermList::empty(), &list);
                let key = CanonKey::Union(self.terms(&normalized, complete));
                st.representative(key, ty)
            }
            Type::Named(n) => match &n.instance {
                Some(inst) => {
                    let args = inst.args.iter().map(|&a| self.canon(a, complete)).collect();
                    st.instantiate(inst.origin, args)
                }
                None => ty,
            },
            Type::Alias(_) => match st.resolved_unalias(ty) {
                Some(actual) => self.canon(actual, complete),
                None => {
                    complete.0 = false;
                    TypeId::basic(BasicKind::Invalid)
                }
            },
        }
    }

    /// A term list in a canonical order (normalized lists are unique up to
    /// order); `None` for all types.
    fn terms(&mut self, list: &TermList, complete: &mut Completeness) -> Option<Box<[Term]>> {
        let terms = list.terms()?;
        let mut canon: Vec<Term> = terms
            .iter()
            .map(|t| Term {
                tilde: t.tilde,
                ty: self.canon(t.ty, complete),
            })
            .collect();
        canon.sort_by_key(|t| (t.ty, t.tilde));
        Some(canon.into())
    }
}
