//! The per-package checker: collecting package-level objects, resolving
//! them lazily (with cycle detection), and checking function bodies.

use std::collections::{HashMap, HashSet};

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{
    ConstDecl, DeclKind, ExprId, ExprKind, Field, FieldId, File, FuncDecl, GroupId, Pos, StmtId,
    TypeDecl, VarDecl,
};

use super::info::{Mode, SelectionRecord, TypeAndValue, TypeError};
use crate::constant::Value;
use crate::model::{
    self, FileId, ObjId, ObjKind, PkgId, Scope, ScopeId, ScopeKind, ScopeParent, ScopeTree, Store,
    Symbol, TypeId, VarKind,
};

/// How many package-level declarations may be resolved one inside
/// another (`const a = b`, `const b = c`, ...): unlike the nesting of a
/// tree, the parser does not bound this.
pub(super) const MAX_DEPTH: u32 = 5000;

/// Per expression of a file, what was recorded about it.
pub(super) type ExprTable = Vec<Option<TypeAndValue>>;

/// Expressions implicitly converted to an interface type, with the type.
pub(super) type InterfaceConversions = Vec<(ExprId, TypeId)>;

/// The selections of one file, by selector expression.
pub(super) type Selections = Vec<(ExprId, SelectionRecord)>;

/// Per expression of a file, the object a `Name` defines or denotes.
pub(super) type ObjTable = Vec<Option<ObjId>>;

/// The per-clause variables of type switches, by clause position.
pub(super) type Implicits = Vec<(Pos, ObjId)>;

/// What the checker learned about one file.
pub(super) struct FileResults {
    pub types: ExprTable,
    pub to_interface: InterfaceConversions,
    pub selections: Selections,
    pub objects: ObjTable,
    pub implicits: Implicits,
}

/// What the checker learned about a package's files, and its errors.
pub(super) struct PackageResults {
    pub files: Vec<FileResults>,
    pub errors: Vec<TypeError>,
}

/// Where a package-level object is declared.
#[derive(Clone, Copy)]
struct DeclSite {
    file: usize,
    kind: SiteKind,
}

#[derive(Clone, Copy)]
enum SiteKind {
    /// The `index`th name of a const spec, with the type and values it
    /// has or inherits from the previous spec of its group.
    Const {
        ty: Option<ExprId>,
        values: Option<ExprId>,
        iota: u32,
        index: usize,
    },
    /// The `index`th name of a var spec declaring `names`.
    Var {
        spec: goescape_syntax::DeclId,
        index: usize,
    },
    Type(goescape_syntax::DeclId),
    Func(goescape_syntax::DeclId),
}

/// The state of the checker where it currently is.
#[derive(Clone)]
pub(super) struct Context {
    pub file: usize,
    pub scope: ScopeId,
    /// The value of `iota` inside a constant declaration.
    pub iota: Option<Value>,
    /// The signature of the function whose body is being checked.
    pub sig: Option<TypeId>,
}

/// A declared named type whose underlying type is set once the type on
/// its right-hand side has one: in a cycle, that type may still be being
/// declared (`type T struct{ h *H }; type H T` resolves `H` inside `T`).
struct PendingUnderlying {
    named: TypeId,
    rhs: TypeId,
    /// The type's name and where it is declared.
    name: Symbol,
    file: usize,
    pos: Pos,
}

/// A function body waiting to be checked once all package-level
/// declarations are resolved.
struct Body {
    file: usize,
    scope: ScopeId,
    sig: TypeId,
    body: StmtId,
}

pub(super) struct Checker<'a> {
    pub store: &'a Store,
    pub pkg: PkgId,
    pub files: &'a [File],
    first_file: FileId,
    pub scopes: ScopeTree,
    file_scopes: Vec<ScopeId>,
    sites: HashMap<ObjId, DeclSite>,
    /// Package-level objects being resolved (`false`) or resolved (`true`).
    resolved: HashMap<ObjId, bool>,
    /// Methods declared for each package-level type name.
    methods: HashMap<ObjId, Vec<ObjId>>,
    pending_underlying: Vec<PendingUnderlying>,
    bodies: Vec<Body>,
    pub records: Vec<ExprTable>,
    pub to_interface: Vec<InterfaceConversions>,
    pub selections: Vec<Selections>,
    pub objects: Vec<ObjTable>,
    pub implicits: Vec<Implicits>,
    /// The labels of the function body being checked.
    pub labels: HashMap<Symbol, ObjId>,
    /// The interface literal (by file and expression) a type declaration
    /// being resolved defines, with the named type: the receiver type of
    /// its methods.
    pub iface_owner: Option<(usize, ExprId, TypeId)>,
    pub errors: Vec<TypeError>,
    pub ctx: Context,
    pub depth: u32,
    /// Explicit type arguments of partially instantiated generic functions
    /// (`f[int]` of `f[T, U any]`), by (file, expression), completed by
    /// inference at the call.
    pub partial_type_args: HashMap<(usize, ExprId), Vec<TypeId>>,
    /// Local variables and package names that are used (read), for the
    /// "declared and not used" and "imported and not used" errors.
    pub used: HashSet<ObjId>,
    /// Local variables and imports that must be used, in declaration order
    /// with their files.
    pub must_use: Vec<(usize, ObjId)>,
    /// Whether a file imports cgo's "C": then C's types are unknown but a
    /// pointer to one is still a pointer (see [`Checker::c_pointer`]).
    pub imports_c: bool,
}

pub(super) fn check_package(
    store: &Store,
    pkg: PkgId,
    files: &[File],
    first_file: FileId,
    imports: &[(String, PkgId)],
) -> PackageResults {
    let mut scopes = ScopeTree::new();
    let file_scopes: Vec<ScopeId> = files
        .iter()
        .map(|_| scopes.push(ScopeParent::Package(pkg), ScopeKind::File))
        .collect();
    let mut checker = Checker {
        store,
        pkg,
        files,
        first_file,
        ctx: Context {
            file: 0,
            scope: file_scopes
                .first()
                .copied()
                .unwrap_or_else(|| scopes.push(ScopeParent::Package(pkg), ScopeKind::File)),
            iota: None,
            sig: None,
        },
        scopes,
        file_scopes,
        sites: HashMap::new(),
        resolved: HashMap::new(),
        methods: HashMap::new(),
        pending_underlying: Vec::new(),
        bodies: Vec::new(),
        records: files.iter().map(|f| vec![None; f.expr_count()]).collect(),
        to_interface: files.iter().map(|_| Vec::new()).collect(),
        selections: files.iter().map(|_| Vec::new()).collect(),
        objects: files.iter().map(|f| vec![None; f.expr_count()]).collect(),
        implicits: files.iter().map(|_| Vec::new()).collect(),
        labels: HashMap::new(),
        iface_owner: None,
        errors: Vec::new(),
        depth: 0,
        partial_type_args: HashMap::new(),
        used: HashSet::new(),
        must_use: Vec::new(),
        imports_c: false,
    };
    let order = checker.collect(imports);
    // Types and signatures first, so that method sets are complete when
    // variable initializers ask about them.
    let (types_and_funcs, values): (Vec<ObjId>, Vec<ObjId>) = order
        .into_iter()
        .partition(|&obj| matches!(store.obj(obj).kind, ObjKind::TypeName | ObjKind::Func(_)));
    for obj in types_and_funcs.into_iter().chain(values) {
        checker.resolve(obj);
    }
    checker.report_underlying_cycles();
    checker.check_bodies();
    checker.report_unused();
    let mut errors = checker.errors;
    errors.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    errors.dedup();
    PackageResults {
        files: checker
            .records
            .into_iter()
            .zip(checker.to_interface)
            .zip(checker.selections)
            .zip(checker.objects)
            .zip(checker.implicits)
            .map(
                |((((types, to_interface), selections), objects), implicits)| FileResults {
                    types,
                    to_interface,
                    selections,
                    objects,
                    implicits,
                },
            )
            .collect(),
        errors,
    }
}

impl<'a> Checker<'a> {
    pub fn file(&self) -> &'a File {
        &self.files[self.ctx.file]
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        let err = TypeError::new(self.file(), pos, message.into());
        self.errors.push(err);
    }

    /// The model position of `pos` in the current file.
    pub fn obj_pos(&self, pos: Pos) -> Option<model::Pos> {
        Some(model::Pos {
            file: FileId(self.first_file.0 + self.ctx.file as u32),
            offset: pos.0,
        })
    }

    pub fn name_of(&self, id: ExprId) -> Symbol {
        Symbol::intern(self.file().ident(id).unwrap_or("_"))
    }

    pub fn record(&mut self, e: ExprId, mode: Mode, ty: TypeId, value: Option<Value>) {
        if let Some(slot) = self.records[self.ctx.file].get_mut(e.index()) {
            *slot = Some(TypeAndValue { mode, ty, value });
        }
    }

    /// Records that the identifier `e` (of the current file) declares
    /// `obj` (go/types' `Info.Defs`).
    pub fn record_def(&mut self, e: ExprId, obj: ObjId) {
        if let Some(slot) = self.objects[self.ctx.file].get_mut(e.index()) {
            *slot = Some(obj);
        }
    }

    /// Records that the identifier `e` (of the current file) denotes
    /// `obj` (go/types' `Info.Uses`). A definition at the same identifier
    /// (an embedded field's name) takes precedence.
    pub fn record_use(&mut self, e: ExprId, obj: ObjId) {
        if let Some(slot @ None) = self.objects[self.ctx.file].get_mut(e.index()) {
            *slot = Some(obj);
        }
    }

    /// Declares `obj` in the current local scope, reporting redeclarations.
    pub fn declare(&mut self, scope: ScopeId, obj: ObjId, pos: Pos) {
        let name = self.store.obj(obj).name;
        if name.is_blank() || name.is_empty() {
            return;
        }
        if self.scopes.insert(scope, name, obj).is_err() {
            self.error(pos, format!("{name} redeclared in this block"));
        }
    }

    // ---- collecting ----------------------------------------------------

    /// Creates the package-level objects, publishes the package scope and
    /// fills the file scopes; returns the objects in source order.
    fn collect(&mut self, imports: &[(String, PkgId)]) -> Vec<ObjId> {
        let mut package_scope = Scope::new();
        let mut order = Vec::new();
        let mut receivers: Vec<(ObjId, Symbol)> = Vec::new();
        // Aliases of package-level type names, by alias.
        let mut alias_targets: HashMap<ObjId, Symbol> = HashMap::new();
        let files = self.files;
        for (index, file) in files.iter().enumerate() {
            self.ctx.file = index;
            // The type and values a const spec without values repeats.
            let mut inherited: HashMap<GroupId, (Option<ExprId>, Option<ExprId>)> = HashMap::new();
            for decl_id in file.decl_ids(file.decls()) {
                let decl = file.decl(decl_id);
                match &decl.kind {
                    DeclKind::Import(import) => self.collect_import(import, imports),
                    DeclKind::Const(spec) => {
                        let (ty, values) = match (spec.values, spec.group) {
                            (None, Some(group)) => {
                                inherited.get(&group).copied().unwrap_or((None, None))
                            }
                            _ => (spec.ty, spec.values),
                        };
                        if let Some(group) = spec.group {
                            inherited.insert(group, (ty, values));
                        }
                        self.collect_consts(spec, ty, values, &mut package_scope, &mut order);
                    }
                    DeclKind::Var(spec) => {
                        for (i, &name) in file.expr_list(spec.names).iter().enumerate() {
                            let pos = file.expr(name).pos;
                            let obj = self.store.new_var(
                                VarKind::Package,
                                Some(self.pkg),
                                self.obj_pos(pos),
                                self.name_of(name),
                                None,
                            );
                            self.record_def(name, obj);
                            self.declare_package(&mut package_scope, obj, pos);
                            let kind = SiteKind::Var {
                                spec: decl_id,
                                index: i,
                            };
                            self.sites.insert(obj, DeclSite { file: index, kind });
                            order.push(obj);
                        }
                    }
                    DeclKind::Type(spec) => {
                        let pos = file.expr(spec.name).pos;
                        let obj = self.store.new_type_name(
                            Some(self.pkg),
                            self.obj_pos(pos),
                            self.name_of(spec.name),
                        );
                        self.record_def(spec.name, obj);
                        self.declare_package(&mut package_scope, obj, pos);
                        if let Some(target) = spec
                            .alias
                            .then(|| file.ident(file.unparen(spec.ty)))
                            .flatten()
                        {
                            alias_targets.insert(obj, Symbol::intern(target));
                        }
                        let kind = SiteKind::Type(decl_id);
                        self.sites.insert(obj, DeclSite { file: index, kind });
                        order.push(obj);
                    }
                    DeclKind::Func(func) => {
                        let pos = file.expr(func.name).pos;
                        let name = self.name_of(func.name);
                        let recv_base = func.recv.map(|r| self.receiver_base(file.field(r)));
                        let ptr_recv = recv_base.is_some_and(|(_, ptr)| ptr);
                        let obj = self.store.new_func(
                            Some(self.pkg),
                            self.obj_pos(pos),
                            name,
                            None,
                            ptr_recv,
                        );
                        self.record_def(func.name, obj);
                        match recv_base {
                            Some((Some(base), _)) if !name.is_blank() => {
                                receivers.push((obj, base))
                            }
                            Some(_) => {}
                            None if name.as_str() == "init" || name.is_blank() => {}
                            None => self.declare_package(&mut package_scope, obj, pos),
                        }
                        let kind = SiteKind::Func(decl_id);
                        self.sites.insert(obj, DeclSite { file: index, kind });
                        order.push(obj);
                    }
                }
            }
        }
        for (method, base) in receivers {
            let Some(mut type_name) = package_scope.lookup(base) else {
                continue;
            };
            // A receiver may name the type through local aliases
            // (`type token = Token`); the chain is short unless cyclic.
            for _ in 0..alias_targets.len() {
                match alias_targets
                    .get(&type_name)
                    .and_then(|&t| package_scope.lookup(t))
                {
                    Some(target) => type_name = target,
                    None => break,
                }
            }
            self.methods.entry(type_name).or_default().push(method);
        }
        self.store.publish_scope(self.pkg, package_scope);
        order
    }

    fn collect_consts(
        &mut self,
        spec: &ConstDecl,
        ty: Option<ExprId>,
        values: Option<ExprId>,
        package_scope: &mut Scope,
        order: &mut Vec<ObjId>,
    ) {
        let file = self.file();
        for (i, &name) in file.expr_list(spec.names).iter().enumerate() {
            let pos = file.expr(name).pos;
            let obj = self.store.new_const(
                Some(self.pkg),
                self.obj_pos(pos),
                self.name_of(name),
                None,
                None,
            );
            self.record_def(name, obj);
            self.declare_package(package_scope, obj, pos);
            let kind = SiteKind::Const {
                ty,
                values,
                iota: spec.iota,
                index: i,
            };
            self.sites.insert(
                obj,
                DeclSite {
                    file: self.ctx.file,
                    kind,
                },
            );
            order.push(obj);
        }
    }

    fn declare_package(&mut self, scope: &mut Scope, obj: ObjId, pos: Pos) {
        let name = self.store.obj(obj).name;
        if name.is_blank() {
            return;
        }
        if scope.insert(name, obj).is_err() {
            self.error(pos, format!("{name} redeclared in this block"));
        }
    }

    fn collect_import(
        &mut self,
        import: &goescape_syntax::ImportDecl,
        imports: &[(String, PkgId)],
    ) {
        let file = self.file();
        let Some(path_lit) = import.path else { return };
        let path_pos = file.expr(path_lit).pos;
        let path = file
            .lit_text(path_lit)
            .and_then(|text| goescape_syntax::literal::decode_string(text).ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        // cgo's "C" is a fake package with no scope: its members are not
        // known, so selecting from it yields invalid operands silently.
        let fake = path == "C";
        let imported = if path == "unsafe" {
            Some(self.store.unsafe_package())
        } else if fake {
            self.imports_c = true;
            Some(self.store.new_package("C", "C"))
        } else {
            imports.iter().find(|(p, _)| *p == path).map(|&(_, id)| id)
        };
        let Some(imported) = imported else {
            self.error(
                path_pos,
                format!("could not import {path} (package not found)"),
            );
            return;
        };
        let scope = self.file_scopes[self.ctx.file];
        let local = import.local_name.and_then(|n| file.ident(n));
        // go/types defines a package name for every renamed import, also
        // `_` and `.` (which are not declared).
        if let (Some(n), Some("_" | ".")) = (import.local_name, local) {
            let pos = file.expr(n).pos;
            let name = Symbol::intern(local.unwrap_or("_"));
            let obj = self
                .store
                .new_pkg_name(Some(self.pkg), self.obj_pos(pos), name, imported);
            self.record_def(n, obj);
        }
        match local {
            Some("_") => {}
            Some(".") => {
                let exported: Vec<ObjId> = self
                    .store
                    .package(imported)
                    .scope()
                    .map(|s| {
                        s.objects()
                            .iter()
                            .copied()
                            .filter(|&o| self.store.obj(o).is_exported())
                            .collect()
                    })
                    .unwrap_or_default();
                for obj in exported {
                    self.declare(scope, obj, path_pos);
                }
            }
            _ => {
                let name = local.map_or(self.store.package(imported).name, Symbol::intern);
                let pos = import.local_name.map_or(path_pos, |n| file.expr(n).pos);
                let obj =
                    self.store
                        .new_pkg_name(Some(self.pkg), self.obj_pos(pos), name, imported);
                if let Some(n) = import.local_name {
                    self.record_def(n, obj);
                }
                self.declare(scope, obj, pos);
                if !fake {
                    self.must_use.push((self.ctx.file, obj));
                }
            }
        }
    }

    /// The base type name of a receiver and whether it is a pointer.
    fn receiver_base(&self, recv: &Field) -> (Option<Symbol>, bool) {
        let file = self.file();
        let mut e = file.unparen(recv.ty);
        let mut pointer = false;
        if let ExprKind::Unary {
            op: goescape_syntax::Operator::Mul,
            x,
        } = file.expr(e).kind
        {
            pointer = true;
            e = file.unparen(x);
        }
        if let ExprKind::Index { x, .. } = file.expr(e).kind {
            e = x;
        }
        (file.ident(e).map(Symbol::intern), pointer)
    }

    // ---- resolving -----------------------------------------------------

    /// Resolves a package-level object of this package if it is not yet.
    pub fn resolve(&mut self, obj: ObjId) {
        let Some(site) = self.sites.get(&obj).copied() else {
            return;
        };
        match self.resolved.get(&obj) {
            Some(true) => return,
            Some(false) => {
                self.report_cycle(obj, site);
                return;
            }
            None => {}
        }
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        ensure_sufficient_stack(|| self.resolve_site(obj, site));
        self.depth -= 1;
    }

    fn resolve_site(&mut self, obj: ObjId, site: DeclSite) {
        self.resolved.insert(obj, false);
        let saved = std::mem::replace(
            &mut self.ctx,
            Context {
                file: site.file,
                scope: self.file_scopes[site.file],
                iota: None,
                sig: None,
            },
        );
        let file = self.file();
        match site.kind {
            SiteKind::Const {
                ty,
                values,
                iota,
                index,
            } => {
                self.ctx.iota = Some(Value::from_u64(u64::from(iota)));
                let value = file.unpack_list(values).nth(index);
                self.const_decl(obj, ty, value);
            }
            SiteKind::Var { spec, index } => {
                if let DeclKind::Var(var) = &file.decl(spec).kind {
                    self.package_var_decl(obj, var, index);
                }
            }
            SiteKind::Type(decl) => {
                if let DeclKind::Type(spec) = &file.decl(decl).kind {
                    self.type_decl(obj, spec);
                }
            }
            SiteKind::Func(decl) => {
                if let DeclKind::Func(func) = &file.decl(decl).kind {
                    self.func_decl(obj, func);
                }
            }
        }
        self.ctx = saved;
        self.resolved.insert(obj, true);
    }

    fn report_cycle(&mut self, obj: ObjId, site: DeclSite) {
        let o = self.store.obj(obj);
        if matches!(o.kind, ObjKind::TypeName | ObjKind::Func(_)) {
            // Named types and functions may refer to themselves.
            return;
        }
        let name = o.name;
        let pos = o.pos.map_or(Pos(0), |p| Pos(p.offset));
        let saved = self.ctx.file;
        self.ctx.file = site.file;
        self.error(
            pos,
            format!("initialization cycle or invalid recursive reference to {name}"),
        );
        self.ctx.file = saved;
        self.store.set_obj_type(obj, TypeId::INVALID);
    }

    pub(super) fn const_decl(&mut self, obj: ObjId, ty: Option<ExprId>, value: Option<ExprId>) {
        let ty = ty.map(|t| self.type_expr(t));
        let Some(value) = value else {
            let pos = self.store.obj(obj).pos.map_or(Pos(0), |p| Pos(p.offset));
            self.error(pos, "missing init expr for const declaration");
            self.store.set_obj_type(obj, ty.unwrap_or(TypeId::INVALID));
            self.store.set_const_value(obj, Value::unknown());
            return;
        };
        let mut x = self.expr(value);
        if x.mode != Mode::Constant && x.mode != Mode::Invalid {
            let pos = self.file().expr(value).pos;
            let text = self.file().text(self.file().expr(value).span).into_owned();
            self.error(pos, format!("{text} is not constant"));
            x.mode = Mode::Invalid;
        }
        if let Some(t) = ty {
            self.assign_to(&mut x, t, "constant declaration");
        }
        let (ty, value) = if x.mode == Mode::Constant {
            (x.ty, x.val.unwrap_or_else(Value::unknown))
        } else {
            (TypeId::INVALID, Value::unknown())
        };
        self.store.set_obj_type(obj, ty);
        self.store.set_const_value(obj, value);
    }

    /// Resolves package-level variable `obj`, the `index`th of `spec`; a
    /// multi-valued initializer resolves all its variables at once.
    fn package_var_decl(&mut self, obj: ObjId, spec: &VarDecl, index: usize) {
        let file = self.file();
        let names = file.expr_list(spec.names);
        let values: Vec<ExprId> = file.unpack_list(spec.values).collect();
        let declared = spec.ty.map(|t| self.type_expr(t));
        if values.len() == names.len() {
            let mut x = self.expr_with_hint(values[index], declared);
            let ty = self.var_type(&mut x, declared, "variable declaration");
            self.store.set_obj_type(obj, ty);
            return;
        }
        let scope = self
            .store
            .package(self.pkg)
            .scope()
            .map(|s| {
                names
                    .iter()
                    .map(|&n| s.lookup(self.name_of(n)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let objs: Vec<ObjId> = scope
            .into_iter()
            .zip(names)
            .map(|(found, _)| found.unwrap_or(obj))
            .collect();
        if values.is_empty() {
            self.store
                .set_obj_type(obj, declared.unwrap_or(TypeId::INVALID));
            return;
        }
        let types = self.multi_value_types(&values, names.len(), declared);
        for (i, (&var, ty)) in objs.iter().zip(types).enumerate() {
            // Blank names share the placeholder `obj`; only set real ones.
            if i == index || var != obj {
                self.store.set_obj_type(var, ty);
                self.resolved.insert(var, true);
            }
        }
    }

    pub(super) fn type_decl(&mut self, obj: ObjId, spec: &TypeDecl) {
        if spec.alias {
            let alias = self.store.new_alias(obj, None);
            if !spec.tparams.is_empty() {
                // A generic alias (`type A[P any] = ...`).
                self.ctx.scope = self
                    .scopes
                    .push(ScopeParent::Scope(self.ctx.scope), ScopeKind::Block);
                let params = self.declare_type_params(spec.tparams, obj);
                self.store.set_type_params(alias, params);
            }
            let rhs = self.type_expr(spec.ty);
            self.store.set_alias_rhs(alias, rhs);
            self.settle_underlying();
            return;
        }
        let named = self.store.new_named(obj, None);
        let methods = self.methods.get(&obj).cloned().unwrap_or_default();
        self.store.set_methods(named, methods);
        if !spec.tparams.is_empty() {
            let scope = self
                .scopes
                .push(ScopeParent::Scope(self.ctx.scope), ScopeKind::Block);
            self.ctx.scope = scope;
            let params = self.declare_type_params(spec.tparams, obj);
            self.store.set_type_params(named, params);
        }
        let owner = (self.ctx.file, self.file().unparen(spec.ty), named);
        let saved_owner = self.iface_owner.replace(owner);
        let rhs = self.type_expr(spec.ty);
        self.iface_owner = saved_owner;
        self.pending_underlying.push(PendingUnderlying {
            named,
            rhs,
            name: self.store.obj(obj).name,
            file: self.ctx.file,
            pos: self.file().expr(spec.name).pos,
        });
        self.settle_underlying();
    }

    /// Gives each pending named type whose right-hand side now has an
    /// underlying type that type, in dependency order (`type H2 H1` waits
    /// for `type H1 T`, which waits for `T`).
    fn settle_underlying(&mut self) {
        while let Some(index) = self
            .pending_underlying
            .iter()
            .position(|p| self.store.resolved_underlying(p.rhs).is_some())
        {
            let pending = self.pending_underlying.swap_remove(index);
            let underlying = self.store.underlying(pending.rhs);
            let saved = std::mem::replace(&mut self.ctx.file, pending.file);
            let named = pending.named;
            // A type containing itself by value has no size: break the
            // cycle before anything asks for one (go/types' validType).
            let underlying = match self.contains_by_value(underlying, named) {
                Some(path_len) => {
                    let name = pending.name;
                    let message = if path_len == 0 {
                        format!("invalid recursive type: {name} refers to itself")
                    } else {
                        format!("invalid recursive type {name}")
                    };
                    self.error(pending.pos, message);
                    TypeId::INVALID
                }
                None => underlying,
            };
            self.store.set_underlying(named, underlying);
            self.ctx.file = saved;
        }
    }

    /// Named types still pending once all declarations are resolved wait
    /// on each other (`type A B; type B A`): they are invalid, and each
    /// cycle is reported once, at its first declared type.
    fn report_underlying_cycles(&mut self) {
        let mut pending = std::mem::take(&mut self.pending_underlying);
        pending.sort_by_key(|p| (p.file, p.pos.0));
        let waits_on: HashMap<TypeId, TypeId> = pending
            .iter()
            .map(|p| (p.named, self.store.origin(self.store.unalias(p.rhs))))
            .collect();
        let mut reported = HashSet::new();
        for p in &pending {
            if reported.contains(&p.named) {
                continue;
            }
            // Whether the chain of types waiting on each other leads
            // back to `p`, or ends in a cycle `p` only leads into.
            let mut cycle = vec![p.named];
            let mut current = p.named;
            let on_cycle = loop {
                match waits_on.get(&current) {
                    Some(&next) if next == p.named => break true,
                    Some(&next) if !cycle.contains(&next) => {
                        cycle.push(next);
                        current = next;
                    }
                    _ => break false,
                }
            };
            if on_cycle {
                let message = if cycle.len() == 1 {
                    format!("invalid recursive type: {} refers to itself", p.name)
                } else {
                    format!("invalid recursive type {}", p.name)
                };
                self.ctx.file = p.file;
                self.error(p.pos, message);
                reported.extend(cycle);
            }
        }
        for p in pending {
            self.store.set_underlying(p.named, TypeId::INVALID);
        }
    }

    /// Whether `ty` holds a value of type `target` (through arrays and
    /// struct fields, not through pointers and the like); the number of
    /// other named types on the way.
    fn contains_by_value(&self, ty: TypeId, target: TypeId) -> Option<usize> {
        let mut stack = vec![(ty, 0usize)];
        let mut seen = std::collections::HashSet::new();
        while let Some((t, named_hops)) = stack.pop() {
            let t = self.store.unalias(t);
            // Instances of a generic type count as the type itself.
            if t == target || self.store.origin(t) == target {
                return Some(named_hops);
            }
            if !seen.insert(t) || seen.len() > 10_000 {
                continue;
            }
            match self.store.ty(t) {
                model::Type::Array { elem, .. } => stack.push((*elem, named_hops)),
                model::Type::Struct(st) => {
                    for &f in st.fields.iter() {
                        stack.push((self.store.obj_type(f), named_hops));
                    }
                }
                model::Type::Named(_) => {
                    // A pending type holds what its right-hand side holds.
                    let u = self.store.resolved_underlying(t).or_else(|| {
                        let origin = self.store.origin(t);
                        self.pending_underlying
                            .iter()
                            .find(|p| p.named == origin)
                            .map(|p| p.rhs)
                    });
                    if let Some(u) = u.filter(|&u| u != t) {
                        stack.push((u, named_hops + 1));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Declares the type parameters of `fields` in the current scope and
    /// resolves their constraints.
    pub fn declare_type_params(
        &mut self,
        fields: goescape_syntax::FieldList,
        owner: ObjId,
    ) -> Vec<TypeId> {
        let file = self.file();
        let mut params = Vec::new();
        for field in file.field_list(fields) {
            let Some(name) = field.name else { continue };
            let pos = file.expr(name).pos;
            let obj =
                self.store
                    .new_type_name(Some(self.pkg), self.obj_pos(pos), self.name_of(name));
            let tp = self
                .store
                .new_type_param(obj, params.len() as u32, owner, None);
            self.record_def(name, obj);
            self.declare(self.ctx.scope, obj, pos);
            params.push(tp);
        }
        let mut i = 0;
        let mut last: Option<(ExprId, TypeId)> = None;
        for field in file.field_list(fields) {
            if field.name.is_none() {
                continue;
            }
            let bound = match last {
                Some((ty, bound)) if ty == field.ty => bound,
                _ => self.constraint_expr(field.ty),
            };
            last = Some((field.ty, bound));
            self.store.set_constraint(params[i], bound);
            i += 1;
        }
        params
    }

    fn func_decl(&mut self, obj: ObjId, func: &FuncDecl) {
        let scope = self
            .scopes
            .push(ScopeParent::Scope(self.ctx.scope), ScopeKind::Func);
        self.ctx.scope = scope;
        let sig = self.signature(func.recv, func.tparams, func.ty, Some(obj), false);
        self.store.set_obj_type(obj, sig);
        if let Some(body) = func.body {
            self.bodies.push(Body {
                file: self.ctx.file,
                scope,
                sig,
                body,
            });
        }
    }

    /// Declares a function's receiver, type parameters, parameters and
    /// results in the current (function) scope; returns its signature.
    pub fn signature(
        &mut self,
        recv: Option<FieldId>,
        tparams: goescape_syntax::FieldList,
        ty: ExprId,
        owner: Option<ObjId>,
        record: bool,
    ) -> TypeId {
        let file = self.file();
        let (recv_var, recv_type_params) = match (recv, owner) {
            (Some(field), Some(method)) => {
                let (var, params) = self.receiver(file.field(field), method);
                (Some(var), params)
            }
            _ => (None, Vec::new()),
        };
        // Only declared functions have type parameters (and an owner).
        let type_params = match owner {
            Some(owner) => self.declare_type_params(tparams, owner),
            None => Vec::new(),
        };
        let ExprKind::FuncType { params, results } = file.expr(ty).kind else {
            return TypeId::INVALID;
        };
        // The receiver and parameters are in scope only after all types
        // are resolved (`hash hash.Hash` refers to the package).
        let (params, variadic) = self.params(params, VarKind::Param);
        let (results, _) = self.params(results, VarKind::Result);
        for &var in recv_var.iter().chain(&params).chain(&results) {
            let pos = self
                .store
                .obj(var)
                .pos
                .map_or(goescape_syntax::Pos(0), |p| goescape_syntax::Pos(p.offset));
            self.declare(self.ctx.scope, var, pos);
        }
        let params = self.store.new_tuple(params);
        let results = self.store.new_tuple(results);
        let sig = self.store.new_signature(model::SignatureType {
            recv: recv_var,
            type_params: type_params.into(),
            recv_type_params: recv_type_params.into(),
            params,
            results,
            variadic,
        });
        if record {
            self.record(ty, Mode::Type, sig, None);
        }
        sig
    }

    /// Declares the receiver of `method` (and the type parameters a generic
    /// receiver type names).
    fn receiver(&mut self, field: &Field, method: ObjId) -> (ObjId, Vec<TypeId>) {
        let file = self.file();
        let mut e = file.unparen(field.ty);
        let mut pointer_expr = None;
        if let ExprKind::Unary {
            op: goescape_syntax::Operator::Mul,
            x,
        } = file.expr(e).kind
        {
            pointer_expr = Some(e);
            e = file.unparen(x);
        }
        let mut recv_params = Vec::new();
        let ty = match file.expr(e).kind {
            ExprKind::Index { x, index } => {
                let base = self.type_expr_generic(x);
                let origin_params: Vec<TypeId> = self.store.type_params(base).to_vec();
                for (i, name) in file.unpack_list(Some(index)).enumerate() {
                    let pos = file.expr(name).pos;
                    let obj = self.store.new_type_name(
                        Some(self.pkg),
                        self.obj_pos(pos),
                        self.name_of(name),
                    );
                    let tp = self.store.new_type_param(obj, i as u32, method, None);
                    self.record_def(name, obj);
                    self.declare(self.ctx.scope, obj, pos);
                    recv_params.push(tp);
                }
                let map = model::SubstMap::new(&origin_params, &recv_params);
                for (&tp, &orig) in recv_params.iter().zip(&origin_params) {
                    let bound = self.store.subst(self.store.constraint(orig), &map);
                    self.store.set_constraint(tp, bound);
                }
                let inst = if recv_params.len() == origin_params.len() {
                    self.store.instantiate(base, recv_params.clone())
                } else {
                    TypeId::INVALID
                };
                for (name, &tp) in file.unpack_list(Some(index)).zip(&recv_params) {
                    self.record(name, Mode::Type, tp, None);
                }
                self.record(e, Mode::Type, inst, None);
                inst
            }
            _ => self.type_expr(e),
        };
        let ty = match pointer_expr {
            Some(p) => {
                let ptr = self.store.pointer(ty);
                self.record(p, Mode::Type, ptr, None);
                ptr
            }
            None => ty,
        };
        let (name, pos) = match field.name {
            Some(n) => (self.name_of(n), file.expr(n).pos),
            None => (Symbol::EMPTY, field.pos),
        };
        let var = self.store.new_var(
            VarKind::Recv,
            Some(self.pkg),
            self.obj_pos(pos),
            name,
            Some(ty),
        );
        if let Some(n) = field.name {
            self.record_def(n, var);
        }
        // Declared with the parameters, once the signature is resolved.
        (var, recv_params)
    }

    /// Creates parameters or results (declared by the caller); returns
    /// them and whether the last one is variadic.
    pub fn params(
        &mut self,
        fields: goescape_syntax::FieldList,
        kind: VarKind,
    ) -> (Vec<ObjId>, bool) {
        let file = self.file();
        let mut vars = Vec::new();
        let mut variadic = false;
        let mut last: Option<(ExprId, TypeId)> = None;
        let count = fields.len();
        for (i, field) in file.field_list(fields).iter().enumerate() {
            let ty = match last {
                Some((e, t)) if e == field.ty => t,
                _ => match file.expr(field.ty).kind {
                    ExprKind::DotsType { elem } => {
                        if i + 1 == count && kind == VarKind::Param {
                            variadic = true;
                        } else {
                            self.error(
                                file.expr(field.ty).pos,
                                "can only use ... with final parameter in list",
                            );
                        }
                        let elem = self.type_expr(elem);
                        let slice = self.store.slice(elem);
                        self.record(field.ty, Mode::Type, slice, None);
                        slice
                    }
                    _ => self.type_expr(field.ty),
                },
            };
            last = Some((field.ty, ty));
            let (name, pos) = match field.name {
                Some(n) => (self.name_of(n), file.expr(n).pos),
                None => (Symbol::EMPTY, field.pos),
            };
            let var = self
                .store
                .new_var(kind, Some(self.pkg), self.obj_pos(pos), name, Some(ty));
            if let Some(n) = field.name {
                self.record_def(n, var);
            }
            vars.push(var);
        }
        (vars, variadic)
    }

    /// Reports local variables never read and imports never referred to.
    fn report_unused(&mut self) {
        let must_use = std::mem::take(&mut self.must_use);
        for (file, obj) in must_use {
            if self.used.contains(&obj) {
                continue;
            }
            let o = self.store.obj(obj);
            let pos = o.pos.map_or(Pos(0), |p| Pos(p.offset));
            let message = match o.kind {
                ObjKind::PkgName(imported) => {
                    let path = self.store.package(imported).path;
                    if o.name == self.store.package(imported).name {
                        format!("{path:?} imported and not used")
                    } else {
                        format!("{path:?} imported as {} and not used", o.name)
                    }
                }
                _ => format!("declared and not used: {}", o.name),
            };
            self.ctx.file = file;
            self.error(pos, message);
        }
    }

    /// Declares a local variable that must be read somewhere.
    pub fn declare_local(&mut self, var: ObjId, pos: Pos) {
        self.declare(self.ctx.scope, var, pos);
        if !self.store.obj(var).name.is_blank() {
            self.must_use.push((self.ctx.file, var));
        }
    }

    fn check_bodies(&mut self) {
        // Bodies may add more (function literals are checked in place).
        let bodies = std::mem::take(&mut self.bodies);
        for body in bodies {
            self.ctx = Context {
                file: body.file,
                scope: body.scope,
                iota: None,
                sig: Some(body.sig),
            };
            self.func_body(body.body);
        }
    }
}
