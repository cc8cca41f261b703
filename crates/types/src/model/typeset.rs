//! Type sets of interfaces: their methods, their normalized type terms and
//! whether they are restricted to comparable types.

use std::borrow::Cow;

use super::object::ObjId;
use super::package::PkgId;
use super::symbol::Symbol;
use super::types::{BasicKind, InterfaceType, Term, Type, TypeId};
use super::Store;

/// Unions with more terms than this are not computed (go/types reports
/// "cannot handle more than 100 union terms").
pub const MAX_UNION_TERMS: usize = 100;

/// A set of types described by terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermList {
    /// Every type.
    All,
    /// The union of the terms: pairwise disjoint, none containing another.
    /// No terms is the empty set.
    Terms(Vec<Term>),
}

impl TermList {
    pub fn empty() -> TermList {
        TermList::Terms(Vec::new())
    }

    pub fn is_all(&self) -> bool {
        matches!(self, TermList::All)
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, TermList::Terms(terms) if terms.is_empty())
    }

    /// The terms, unless the list is all types.
    pub fn terms(&self) -> Option<&[Term]> {
        match self {
            TermList::All => None,
            TermList::Terms(terms) => Some(terms),
        }
    }
}

/// The type set of an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSet {
    /// All methods, explicit and embedded, sorted as go/types sorts them.
    pub methods: Box<[ObjId]>,
    pub terms: TermList,
    /// Restricted to comparable types (only when `terms` is all types:
    /// otherwise the incomparable terms are dropped instead).
    pub comparable: bool,
}

impl TypeSet {
    /// The set of all types, `any`'s.
    pub fn all() -> TypeSet {
        TypeSet {
            methods: Box::new([]),
            terms: TermList::All,
            comparable: false,
        }
    }

    /// `comparable`'s type set.
    pub(crate) fn comparable_all() -> TypeSet {
        TypeSet {
            comparable: true,
            ..TypeSet::all()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the set holds every type (no methods, no restrictions).
    pub fn is_all(&self) -> bool {
        self.is_method_set() && self.methods.is_empty()
    }

    /// Whether the set is described by methods alone.
    pub fn is_method_set(&self) -> bool {
        !self.comparable && self.terms.is_all()
    }

    /// Whether the set has specific type terms.
    pub fn has_terms(&self) -> bool {
        matches!(&self.terms, TermList::Terms(t) if !t.is_empty())
    }
}

/// Whether every part a computation looked at was resolved; results
/// computed from unresolved named types are not cached.
#[derive(Clone, Copy)]
pub(crate) struct Completeness(pub(crate) bool);

impl Store {
    /// The type set of `ty`'s underlying interface (for a type parameter,
    /// its constraint's); all types for other types.
    ///
    /// The result is cached once every named type it depends on has an
    /// underlying type, so ask only when the types involved are complete.
    pub fn type_set(&self, ty: TypeId) -> Cow<'_, TypeSet> {
        let iface = self.underlying(ty);
        self.interface_type_set(iface, &mut Vec::new(), &mut Completeness(true))
    }

    /// The method `name` of `ty`'s type set and its index there.
    pub fn type_set_method(
        &self,
        ty: TypeId,
        pkg: Option<PkgId>,
        name: Symbol,
    ) -> Option<(usize, ObjId)> {
        let set = self.type_set(ty);
        let index = set
            .methods
            .iter()
            .position(|&m| self.obj(m).same_id(pkg, name))?;
        Some((index, set.methods[index]))
    }

    pub(crate) fn interface_type_set(
        &self,
        iface: TypeId,
        stack: &mut Vec<TypeId>,
        complete: &mut Completeness,
    ) -> Cow<'_, TypeSet> {
        let Type::Interface(data) = self.ty(iface) else {
            return Cow::Owned(TypeSet::all());
        };
        if let Some(set) = data.type_set.get() {
            return Cow::Borrowed(set);
        }
        if stack.contains(&iface) {
            // An invalid cycle (reported by the checker).
            complete.0 = false;
            return Cow::Owned(TypeSet::all());
        }
        stack.push(iface);
        let mut inner = Completeness(true);
        let set = self.compute_interface_type_set(data, stack, &mut inner);
        stack.pop();
        if inner.0 {
            Cow::Borrowed(data.type_set.get_or_init(|| set))
        } else {
            complete.0 = false;
            Cow::Owned(set)
        }
    }

    fn compute_interface_type_set(
        &self,
        data: &InterfaceType,
        stack: &mut Vec<TypeId>,
        complete: &mut Completeness,
    ) -> TypeSet {
        let mut methods: Vec<ObjId> = Vec::new();
        let add_method = |m: ObjId, methods: &mut Vec<ObjId>| {
            let obj = self.obj(m);
            // Duplicates are reported by the checker; the first one counts.
            if !methods
                .iter()
                .any(|&other| self.obj(other).same_id(obj.pkg, obj.name))
            {
                methods.push(m);
            }
        };
        for &m in data.methods.iter() {
            add_method(m, &mut methods);
        }
        let mut terms = TermList::All;
        let mut comparable = false;
        for &embedded in data.embedded.iter() {
            let Some(u) = self.resolved_underlying(embedded) else {
                complete.0 = false;
                continue;
            };
            let (embedded_terms, embedded_comparable) = match self.ty(u) {
                Type::Interface(_) if !self.is_type_param(embedded) => {
                    // Each instantiation is a type of its own: a cycle of
                    // embedded generic interfaces shows in their origins
                    // (`A[T]` embedding `B[A[T]]` embedding `A[...]` grows
                    // forever). Invalid; the checker reports it.
                    let origin = self.embedded_origin(embedded);
                    if origin.is_some_and(|o| stack.contains(&o)) {
                        complete.0 = false;
                        continue;
                    }
                    stack.extend(origin);
                    let set = self.interface_type_set(u, stack, complete);
                    if origin.is_some() {
                        stack.pop();
                    }
                    for &m in set.methods.iter() {
                        add_method(m, &mut methods);
                    }
                    (set.terms.clone(), set.comparable)
                }
                Type::Union(union_terms) => {
                    match self.union_term_list(union_terms, stack, complete) {
                        Some(list) => (list, false),
                        None => continue,
                    }
                }
                // Embedding a type parameter is an error reported by the
                // checker.
                Type::Interface(_) => continue,
                Type::Basic(b) if b.kind == BasicKind::Invalid => continue,
                _ => (
                    TermList::Terms(vec![Term {
                        tilde: false,
                        ty: embedded,
                    }]),
                    false,
                ),
            };
            (terms, comparable) = self.intersect_with_comparable(
                &terms,
                comparable,
                &embedded_terms,
                embedded_comparable,
                complete,
            );
        }
        methods.sort_by(|&a, &b| self.compare_objects(a, b));
        TypeSet {
            methods: methods.into(),
            terms,
            comparable,
        }
    }

    /// The declared type an embedded element instantiates (or is); `None`
    /// for a type literal.
    fn embedded_origin(&self, embedded: TypeId) -> Option<TypeId> {
        let ty = self.unalias(embedded);
        match self.ty(ty) {
            Type::Named(n) => Some(n.instance.as_ref().map_or(ty, |i| i.origin)),
            _ => None,
        }
    }

    /// The terms of a union, each interface term replaced by its type set's
    /// terms; `None` if there are too many.
    fn union_term_list(
        &self,
        union_terms: &[Term],
        stack: &mut Vec<TypeId>,
        complete: &mut Completeness,
    ) -> Option<TermList> {
        let mut all = TermList::empty();
        for term in union_terms {
            let Some(u) = self.resolved_underlying(term.ty) else {
                complete.0 = false;
                continue;
            };
            let list = match self.ty(u) {
                Type::Interface(_) if !self.is_type_param(term.ty) => {
                    self.interface_type_set(u, stack, complete).terms.clone()
                }
                Type::Basic(b) if b.kind == BasicKind::Invalid => continue,
                // `~T` where T is not its own underlying type is empty (an
                // error reported by the checker).
                _ if term.tilde && !self.identical(term.ty, u) => continue,
                _ => TermList::Terms(vec![*term]),
            };
            all = self.term_list_union(&all, &list);
            if all.terms().is_some_and(|t| t.len() > MAX_UNION_TERMS) {
                return None;
            }
        }
        Some(all)
    }

    /// Intersects two term lists, keeping only strictly comparable terms if
    /// either side is restricted to comparable types.
    fn intersect_with_comparable(
        &self,
        x: &TermList,
        x_comparable: bool,
        y: &TermList,
        y_comparable: bool,
        complete: &mut Completeness,
    ) -> (TermList, bool) {
        let terms = self.term_list_intersect(x, y);
        let comparable = x_comparable || y_comparable;
        match terms {
            TermList::Terms(list) if comparable => {
                let kept = list
                    .into_iter()
                    .filter(|t| self.comparable_tracked(t.ty, false, complete))
                    .collect();
                (TermList::Terms(kept), false)
            }
            terms => (terms, comparable),
        }
    }

    // ---- terms -------------------------------------------------------

    /// Whether the sets of `x` and `y` have no type in common.
    fn terms_disjoint(&self, x: Term, y: Term) -> bool {
        let ux = if y.tilde { self.underlying(x.ty) } else { x.ty };
        let uy = if x.tilde { self.underlying(y.ty) } else { y.ty };
        !self.identical(ux, uy)
    }

    fn term_subset(&self, x: Term, y: Term) -> bool {
        !self.terms_disjoint(x, y) && (!x.tilde || y.tilde)
    }

    /// Whether the term's set contains `ty`.
    pub fn term_includes(&self, term: Term, ty: TypeId) -> bool {
        let u = if term.tilde { self.underlying(ty) } else { ty };
        self.identical(term.ty, u)
    }

    /// Merges overlapping terms so that they become pairwise disjoint.
    fn normalize(&self, terms: Vec<Term>) -> Vec<Term> {
        let mut used = vec![false; terms.len()];
        let mut result = Vec::new();
        for i in 0..terms.len() {
            if used[i] {
                continue;
            }
            let mut xi = terms[i];
            for j in i + 1..terms.len() {
                if used[j] || self.terms_disjoint(xi, terms[j]) {
                    continue;
                }
                // Overlapping terms: one contains the other; keep the
                // larger (the one with a tilde).
                if !xi.tilde && terms[j].tilde {
                    xi = terms[j];
                }
                used[j] = true;
            }
            result.push(xi);
        }
        result
    }

    pub fn term_list_union(&self, x: &TermList, y: &TermList) -> TermList {
        match (x, y) {
            (TermList::All, _) | (_, TermList::All) => TermList::All,
            (TermList::Terms(a), TermList::Terms(b)) => {
                TermList::Terms(self.normalize(a.iter().chain(b).copied().collect()))
            }
        }
    }

    pub fn term_list_intersect(&self, x: &TermList, y: &TermList) -> TermList {
        match (x, y) {
            (TermList::All, other) | (other, TermList::All) => other.clone(),
            (TermList::Terms(a), TermList::Terms(b)) => {
                let mut result = Vec::new();
                for &tx in a {
                    for &ty in b {
                        if !self.terms_disjoint(tx, ty) {
                            // The smaller of two overlapping terms.
                            result.push(if !tx.tilde || ty.tilde { tx } else { ty });
                        }
                    }
                }
                TermList::Terms(self.normalize(result))
            }
        }
    }

    pub fn term_list_includes(&self, list: &TermList, ty: TypeId) -> bool {
        match list {
            TermList::All => true,
            TermList::Terms(terms) => terms.iter().any(|&t| self.term_includes(t, ty)),
        }
    }

    pub fn term_list_subset(&self, x: &TermList, y: &TermList) -> bool {
        match (x, y) {
            (_, TermList::All) => true,
            (TermList::All, TermList::Terms(_)) => false,
            (TermList::Terms(a), TermList::Terms(b)) => a
                .iter()
                .all(|&tx| b.iter().any(|&ty| self.term_subset(tx, ty))),
        }
    }

    pub fn term_lists_equal(&self, x: &TermList, y: &TermList) -> bool {
        self.term_list_subset(x, y) && self.term_list_subset(y, x)
    }
}
