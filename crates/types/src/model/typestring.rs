//! Types and objects as text, exactly as go/types' `TypeString` and
//! `ObjectString` print them.

use goescape_syntax::stack::ensure_sufficient_stack;
use std::borrow::Cow;

use crate::constant::Value;

use super::object::{ObjId, ObjKind, VarKind};
use super::package::PkgId;
use super::types::{BasicKind, ChanDir, Type, TypeId};
use super::Store;

/// How package-qualified names are printed: the qualifier gives the prefix
/// printed before `.` (empty to print the name alone).
pub trait Qualifier {
    fn qualify(&self, store: &Store, pkg: PkgId) -> Cow<'static, str>;
}

/// Every package by its full import path (`encoding/json.Decoder`), the
/// qualifier of the reference dumps.
pub struct FullPath;

impl Qualifier for FullPath {
    fn qualify(&self, store: &Store, pkg: PkgId) -> Cow<'static, str> {
        Cow::Borrowed(store.package(pkg).path.as_str())
    }
}

/// Names of one package unqualified, others by full path (go/types'
/// `RelativeTo`).
pub struct RelativeTo(pub PkgId);

impl Qualifier for RelativeTo {
    fn qualify(&self, store: &Store, pkg: PkgId) -> Cow<'static, str> {
        if pkg == self.0 {
            Cow::Borrowed("")
        } else {
            FullPath.qualify(store, pkg)
        }
    }
}

impl<F: Fn(PkgId) -> String> Qualifier for F {
    fn qualify(&self, _: &Store, pkg: PkgId) -> Cow<'static, str> {
        Cow::Owned(self(pkg))
    }
}

struct Writer<'a> {
    store: &'a Store,
    qf: &'a dyn Qualifier,
    out: String,
    /// Types being written, to cut cycles (only invalid declarations have
    /// cycles that do not pass through a name).
    active: Vec<TypeId>,
    param_names: bool,
}

impl Store {
    /// go/types' `TypeString(ty, qf)`.
    pub fn type_string(&self, ty: TypeId, qf: &dyn Qualifier) -> String {
        let mut w = Writer::new(self, qf);
        w.ty(ty);
        w.out
    }

    /// A signature without the `func` keyword, as in method declarations
    /// (go/types' `WriteSignature`); `param_names` false leaves out the
    /// parameter names, as go/types' error messages do.
    pub fn signature_string(&self, sig: TypeId, qf: &dyn Qualifier, param_names: bool) -> String {
        let mut w = Writer::new(self, qf);
        w.param_names = param_names;
        w.signature(sig);
        w.out
    }

    /// go/types' `ObjectString(obj, qf)`: `var x int`, `field Name string`,
    /// `func (*bytes.Buffer).Write(p []byte) (n int, err error)`.
    pub fn object_string(&self, obj: ObjId, qf: &dyn Qualifier) -> String {
        let mut w = Writer::new(self, qf);
        w.object(obj);
        w.out
    }

    /// Whether the type name `obj` is an alias (go/types' `IsAlias`).
    pub fn is_alias(&self, obj: ObjId) -> bool {
        let o = self.obj(obj);
        let Some(&ty) = o.ty.get() else {
            return false;
        };
        match self.ty(ty) {
            Type::Basic(b) => {
                if o.pkg == Some(self.unsafe_package()) {
                    false
                } else if o.pkg.is_none() {
                    o.name.as_str() != b.name || ty == TypeId::BYTE || ty == TypeId::RUNE
                } else {
                    true
                }
            }
            Type::Named(n) => n.obj != obj,
            Type::TypeParam(p) => p.obj != obj,
            _ => true,
        }
    }

    /// Whether `obj` is declared at package level (found in its package's
    /// published scope).
    fn is_package_level(&self, obj: ObjId) -> bool {
        let o = self.obj(obj);
        o.pkg
            .and_then(|p| self.package(p).scope())
            .and_then(|s| s.lookup(o.name))
            == Some(obj)
    }
}

impl<'a> Writer<'a> {
    fn new(store: &'a Store, qf: &'a dyn Qualifier) -> Writer<'a> {
        Writer {
            store,
            qf,
            out: String::new(),
            active: Vec::new(),
            param_names: true,
        }
    }

    fn s(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// go/types writes `, ` and `; ` as list separators.
    fn sep(&mut self, c: char) {
        self.out.push(c);
        self.out.push(' ');
    }

    fn package_prefix(&mut self, pkg: Option<PkgId>) {
        if let Some(pkg) = pkg {
            let prefix = self.qf.qualify(self.store, pkg);
            if !prefix.is_empty() {
                self.s(&prefix);
                self.s(".");
            }
        }
    }

    fn type_name(&mut self, obj: ObjId) {
        let o = self.store.obj(obj);
        self.package_prefix(o.pkg);
        self.s(o.name.as_str());
    }

    fn ty(&mut self, ty: TypeId) {
        ensure_sufficient_stack(|| {
            if self.active.contains(&ty) {
                self.s("<cycle>");
                return;
            }
            self.active.push(ty);
            self.ty_inner(ty);
            self.active.pop();
        })
    }

    fn ty_inner(&mut self, ty: TypeId) {
        let store = self.store;
        match store.ty(ty) {
            // The basic type declared in package unsafe prints qualified.
            Type::Basic(b) if b.kind == BasicKind::UnsafePointer => {
                self.type_name(store.universe_data().unsafe_pointer)
            }
            Type::Basic(b) => self.s(b.name),
            Type::Pointer(e) => {
                self.s("*");
                self.ty(*e);
            }
            Type::Slice(e) => {
                self.s("[]");
                self.ty(*e);
            }
            Type::Array { elem, len } => {
                // go/types stores an unknown length as -1.
                let len = len.map_or_else(|| "-1".to_owned(), |n| n.to_string());
                self.s("[");
                self.s(&len);
                self.s("]");
                self.ty(*elem);
            }
            Type::Map { key, elem } => {
                self.s("map[");
                self.ty(*key);
                self.s("]");
                self.ty(*elem);
            }
            Type::Chan { dir, elem } => {
                let parens = *dir == ChanDir::Both
                    && matches!(
                        store.ty(*elem),
                        Type::Chan {
                            dir: ChanDir::Recv,
                            ..
                        }
                    );
                self.s(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                if parens {
                    self.s("(");
                }
                self.ty(*elem);
                if parens {
                    self.s(")");
                }
            }
            Type::Struct(st) => {
                self.s("struct{");
                for (i, &f) in st.fields.iter().enumerate() {
                    if i > 0 {
                        self.sep(';');
                    }
                    if !store.is_embedded(f) {
                        self.s(store.obj(f).name.as_str());
                        self.s(" ");
                    }
                    self.ty(store.obj_type(f));
                    let tag = st.tag(i);
                    if !tag.is_empty() {
                        self.s(" ");
                        self.s(&Value::from_string(tag.as_str()).exact_string());
                    }
                }
                self.s("}");
            }
            Type::Tuple(_) => self.tuple(ty, false),
            Type::Signature(_) => {
                self.s("func");
                self.signature(ty);
            }
            Type::Union(terms) => {
                if terms.is_empty() {
                    self.s("<empty union>");
                }
                for (i, t) in terms.iter().enumerate() {
                    if i > 0 {
                        self.s(" | ");
                    }
                    if t.tilde {
                        self.s("~");
                    }
                    self.ty(t.ty);
                }
            }
            Type::Interface(iface) => {
                let universe = store.universe_data();
                if ty == universe.any_interface {
                    self.s("any");
                    return;
                }
                if ty == universe.comparable_interface {
                    self.s("interface{comparable}");
                    return;
                }
                if iface.implicit {
                    if let ([], [only]) = (&iface.methods[..], &iface.embedded[..]) {
                        self.ty(*only);
                        return;
                    }
                    self.s("/* implicit */ ");
                }
                self.s("interface{");
                let mut first = true;
                for &m in iface.methods.iter() {
                    if !first {
                        self.sep(';');
                    }
                    first = false;
                    self.s(store.obj(m).name.as_str());
                    self.signature(store.obj_type(m));
                }
                for &e in iface.embedded.iter() {
                    if !first {
                        self.sep(';');
                    }
                    first = false;
                    self.ty(e);
                }
                self.s("}");
            }
            Type::Named(n) => {
                self.type_name(n.obj);
                self.type_args_or_params(ty);
            }
            Type::Alias(a) => {
                self.type_name(a.obj);
                self.type_args_or_params(ty);
            }
            Type::TypeParam(p) => {
                let name = store.obj(p.obj).name;
                self.s(name.as_str());
                if store.universe().lookup(name).is_some() {
                    self.s("/* type parameter */");
                }
            }
        }
    }

    /// An instance's type arguments, or a generic type's parameters.
    fn type_args_or_params(&mut self, ty: TypeId) {
        let args = self.store.type_args(ty);
        if !args.is_empty() {
            self.s("[");
            for (i, &a) in args.iter().enumerate() {
                if i > 0 {
                    self.sep(',');
                }
                self.ty(a);
            }
            self.s("]");
        } else {
            self.type_params(self.store.type_params(ty));
        }
    }

    /// `[K comparable, V any]`; consecutive parameters with the same
    /// constraint share it: `[A, B any]`.
    fn type_params(&mut self, params: &[TypeId]) {
        if params.is_empty() {
            return;
        }
        self.s("[");
        let mut prev: Option<TypeId> = None;
        for (i, &p) in params.iter().enumerate() {
            let bound = self.store.constraint(p);
            if let (true, Some(prev)) = (i > 0, prev) {
                if bound != prev {
                    self.s(" ");
                    self.ty(prev);
                }
                self.sep(',');
            }
            prev = Some(bound);
            self.ty(p);
        }
        if let Some(prev) = prev {
            self.s(" ");
            self.ty(prev);
        }
        self.s("]");
    }

    fn tuple(&mut self, tuple: TypeId, variadic: bool) {
        let vars = self.store.tuple_vars(tuple);
        self.s("(");
        for (i, &v) in vars.iter().enumerate() {
            if i > 0 {
                self.sep(',');
            }
            let name = self.store.obj(v).name;
            if !name.is_empty() && self.param_names {
                self.s(name.as_str());
                self.s(" ");
            }
            let ty = self.store.obj_type(v);
            if variadic && i == vars.len() - 1 {
                match self.store.ty(ty) {
                    Type::Slice(elem) => {
                        self.s("...");
                        self.ty(*elem);
                    }
                    _ => {
                        self.ty(ty);
                        self.s("...");
                    }
                }
            } else {
                self.ty(ty);
            }
        }
        self.s(")");
    }

    fn signature(&mut self, sig: TypeId) {
        let Type::Signature(s) = self.store.ty(sig) else {
            self.ty(sig);
            return;
        };
        self.type_params(&s.type_params);
        self.tuple(s.params, s.variadic);
        let results = self.store.tuple_vars(s.results);
        match results {
            [] => {}
            [only] if self.store.obj(*only).name.is_empty() => {
                self.s(" ");
                self.ty(self.store.obj_type(*only));
            }
            _ => {
                self.s(" ");
                self.tuple(s.results, false);
            }
        }
    }

    fn object(&mut self, obj: ObjId) {
        let store = self.store;
        let o = store.obj(obj);
        let mut ty = store.known_obj_type(obj);
        match &o.kind {
            ObjKind::PkgName(imported) => {
                self.s("package ");
                self.s(o.name.as_str());
                let path = store.package(*imported).path;
                if !path.is_empty() && path != o.name {
                    self.s(" (");
                    self.s(&Value::from_string(path.as_str()).exact_string());
                    self.s(")");
                }
                return;
            }
            ObjKind::Const(_) => self.s("const"),
            ObjKind::TypeName => {
                self.s("type");
                if ty.is_some_and(|t| matches!(store.ty(t), Type::TypeParam(_))) {
                    self.s(" parameter");
                }
            }
            ObjKind::Var(v) => self.s(if v.kind == VarKind::Field {
                "field"
            } else {
                "var"
            }),
            ObjKind::Func(_) => {
                self.s("func ");
                self.func_name(obj);
                if ty.is_some() {
                    self.signature(store.obj_type(obj));
                }
                return;
            }
            ObjKind::Label => {
                self.s("label");
                ty = None;
            }
            ObjKind::Builtin(_) => {
                self.s("builtin");
                ty = None;
            }
            ObjKind::Nil => {
                self.s("nil");
                return;
            }
        }
        self.s(" ");
        if store.is_package_level(obj) {
            self.package_prefix(o.pkg);
        }
        self.s(o.name.as_str());
        let Some(mut ty) = ty else {
            return;
        };
        if matches!(o.kind, ObjKind::TypeName) {
            if matches!(store.ty(ty), Type::Basic(_)) {
                return;
            }
            self.type_params(store.type_params(ty));
            if store.is_alias(obj) {
                self.s(" =");
                if let Some(rhs) = store.alias_rhs(ty) {
                    ty = rhs;
                }
            } else if matches!(store.ty(ty), Type::TypeParam(_)) {
                ty = store.constraint(ty);
            } else {
                ty = store.underlying(ty);
            }
        }
        self.s(" ");
        if o.pkg.is_none() && o.name.as_str() == "any" && ty == store.universe_data().any_interface
        {
            // `type any = interface{}`, not `type any = any`.
            self.s("interface{}");
        } else {
            self.ty(ty);
        }
    }

    fn func_name(&mut self, func: ObjId) {
        let store = self.store;
        let o = store.obj(func);
        if let Some(sig) = store.known_obj_type(func) {
            let recv = match store.ty(sig) {
                Type::Signature(s) => s.recv,
                _ => None,
            };
            match recv {
                Some(recv) => {
                    self.s("(");
                    let recv_ty = store.obj_type(recv);
                    if matches!(store.ty(recv_ty), Type::Interface(_)) {
                        // A method of an unnamed interface.
                        self.s("interface");
                    } else {
                        self.ty(recv_ty);
                    }
                    self.s(").");
                }
                None => self.package_prefix(o.pkg),
            }
        }
        self.s(o.name.as_str());
    }
}
