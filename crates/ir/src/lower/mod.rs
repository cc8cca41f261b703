//! Lowering a checked package into the tree escape analysis reads.
//!
//! Generic functions and methods are lowered as written (for their
//! callers' tags) and once per shape instantiation the package needs
//! (see [`instance`]), which is what gc compiles and reports.

mod deadlocals;
mod devirt;
mod eq;
mod expr;
mod instance;
mod static_value;
mod stmt;
mod wrapper;

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{DeclKind, ExprKind as Ast, Field, File, FuncDecl, PragmaFlags};
use goescape_types::check::{CheckedFile, CheckedPackage, TypeAndValue};
use goescape_types::model::{ObjId, ObjKind, PkgId, Store, SubstMap, TypeId};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::tree::*;

/// Finds the checked packages generic code is instantiated from.
pub type PackageLookup<'a> = &'a (dyn Fn(PkgId) -> Option<&'a CheckedPackage> + Sync);

/// Lowers every function (and the package initialisation) of `checked`,
/// and the shape instantiations of generic code (of any package, found
/// through `lookup`) that it needs. With `wrappers`, also the wrappers gc
/// generates: nothing calls them, so only their `-m=2` explanations need
/// them.
pub fn lower_package<'a>(
    store: &'a Store,
    checked: &'a CheckedPackage,
    lookup: PackageLookup<'a>,
    shapes: &'a crate::shape::ShapeCache,
    wrappers: bool,
) -> Package {
    let mut l = Lowerer {
        store,
        lookup,
        shapes,
        file_pkg: checked.id,
        subst: None,
        dict_methods: Vec::new(),
        in_generic_body: false,
        wrapped: FxHashSet::default(),
        wrapper_requests: Vec::new(),
        blank_var_types: Vec::new(),
        shape_wrapped: FxHashSet::default(),
        deferred_shapes: Some(Vec::new()),
        wrappers,
        qualifier: String::new(),
        instances: FxHashMap::default(),
        pending: Vec::new(),
        last_instance: None,
        instance_dicts: FxHashMap::default(),
        generic_exprs: Vec::new(),
        generic_vars: Vec::new(),
        instance_of_expr: FxHashMap::default(),
        pkg: Package {
            id: checked.id,
            files: Vec::new(),
            funcs: Vec::new(),
            vars: Vec::new(),
            exprs: Vec::new(),
            stmts: Vec::new(),
            devirtualized: Vec::new(),
        },
        file_index: 0,
        terminating_blocks: FxHashMap::default(),
        file: None,
        conversions: FxHashMap::default(),
        selections: FxHashMap::default(),
        var_of_obj: FxHashMap::default(),
        curfn: FuncId(0),
        closure_count: Vec::new(),
        range_parent: Vec::new(),
        range_states: Vec::new(),
        range_returns: Vec::new(),
        labels: Vec::new(),
        loopvar_per_iteration: true,
        escaping_vars: FxHashSet::default(),
        init_body: Vec::new(),
        declared_inits: 0,
        pre: Vec::new(),
        static_values: Default::default(),
        literal_funcs: FxHashMap::default(),
    };
    for file in &checked.files {
        l.enter_file(checked.id, file);
        for decl in file.syntax.decl_list(file.syntax.decls()) {
            match &decl.kind {
                DeclKind::Func(f) => l.func_decl(decl.pos, f),
                DeclKind::Var(v) => l.package_var(v),
                _ => {}
            }
        }
    }
    l.finish_init();
    if l.wrappers {
        l.declared_wrappers(checked);
    }
    l.instantiate_pending();
    if l.wrappers {
        l.instantiation_wrappers();
        l.equality_funcs();
    }
    l.pkg
}

pub(crate) struct Lowerer<'a> {
    pub store: &'a Store,
    pub lookup: PackageLookup<'a>,
    pub shapes: &'a crate::shape::ShapeCache,
    /// The package of the current file.
    pub file_pkg: PkgId,
    /// Type parameters to shapes, while lowering an instantiation.
    pub subst: Option<SubstMap>,
    /// The type-parameter methods the current instantiation calls, in
    /// the order of their dictionary entries.
    pub dict_methods: Vec<(TypeId, String)>,
    /// Lowering the body of generic (uninstantiated) code.
    pub in_generic_body: bool,
    /// Instantiations with non-shape type arguments seen, and those whose
    /// wrappers are still to build (origin, type arguments, shaped code).
    pub wrapped: FxHashSet<(ObjId, Vec<TypeId>)>,
    pub wrapper_requests: Vec<(ObjId, Vec<TypeId>, FuncId)>,
    /// Types of the values of blank package-level variables.
    pub blank_var_types: Vec<TypeId>,
    /// Interface shapes whose method wrappers exist.
    pub shape_wrapped: FxHashSet<TypeId>,
    /// Shapes whose wrappers function bodies asked for, held back until
    /// those of the declarations' types are built (gc reads declarations
    /// before bodies, and builds wrappers in the order it read the
    /// types); `None` once they are built.
    pub deferred_shapes: Option<Vec<TypeId>>,
    /// Whether to build the wrappers gc generates (for `-m=2`).
    pub wrappers: bool,
    /// `pkg.` for names of instantiated code from another package.
    pub qualifier: String,
    /// Instantiations by generic origin and shape arguments.
    pub instances: FxHashMap<(ObjId, Box<[TypeId]>), FuncId>,
    /// The expressions and variables of generic code as written (its types
    /// do not make the package compile anything).
    pub generic_exprs: Vec<std::ops::Range<usize>>,
    pub generic_vars: Vec<std::ops::Range<usize>>,
    /// The generic origin and type arguments of the instantiation last
    /// requested (for its dictionary's text).
    pub last_instance: Option<(ObjId, Vec<TypeId>)>,
    /// The dictionary text of the instantiation a name denotes, by file
    /// and expression.
    pub instance_dicts: FxHashMap<(u32, goescape_syntax::ExprId), String>,
    /// Instantiations still to lower.
    pub pending: Vec<(ObjId, Box<[TypeId]>, FuncId)>,
    /// The instantiation a function name or selector denotes, by file and
    /// expression.
    pub instance_of_expr: FxHashMap<(u32, goescape_syntax::ExprId), FuncId>,
    pub pkg: Package,
    pub file_index: u32,
    /// Whether each block statement asked about (by file and statement)
    /// ends normal control flow.
    pub terminating_blocks: FxHashMap<(u32, goescape_syntax::StmtId), bool>,
    pub file: Option<&'a CheckedFile>,
    /// Implicit conversions to interface of the current file.
    pub conversions: FxHashMap<goescape_syntax::ExprId, TypeId>,
    pub selections: FxHashMap<goescape_syntax::ExprId, goescape_types::check::SelectionRecord>,
    pub var_of_obj: FxHashMap<ObjId, VarId>,
    pub curfn: FuncId,
    /// Function literals numbered per function, as gc numbers them:
    /// literals (`f.func1`), range-over-func bodies (`f-range1`), `go` and
    /// `defer` wrappers (`f.gowrap1`).
    pub closure_count: Vec<[u32; 3]>,
    /// The function a range-over-func body was written in, by function.
    pub range_parent: Vec<Option<FuncId>>,
    /// Per function, the range-over-func loops in it so far (`#stateN`).
    pub range_states: Vec<u32>,
    /// Per function, its `#next` and `#rv` variables once a range-over-func
    /// body returns.
    pub range_returns: Vec<Option<(VarId, Vec<VarId>)>>,
    /// Labels of the function being lowered: (name, label statement,
    /// position) and gotos seen, to find backward gotos.
    pub labels: Vec<(String, StmtId, u32)>,
    /// Whether loop variables are per iteration (go 1.22 and later).
    pub loopvar_per_iteration: bool,
    /// Variables whose address is taken or that a closure captures, in
    /// the current declared function.
    pub escaping_vars: FxHashSet<ObjId>,
    pub init_body: Vec<StmtId>,
    /// Declared `func init()`s so far: gc names them `init.0`, `init.1`.
    pub declared_inits: u32,
    /// Static values of the current declared function's variables.
    pub static_values: static_value::StaticValues,
    /// The functions made of the current file's function literals.
    pub literal_funcs: FxHashMap<goescape_syntax::ExprId, FuncId>,
    /// Statements the current statement's expressions need first
    /// (temporaries of multi-valued calls).
    pub pre: Vec<StmtId>,
}

impl<'a> Lowerer<'a> {
    /// Makes `file` (the `index`th file of `pkg`) the current file.
    fn enter_file(&mut self, pkg: PkgId, file: &'a CheckedFile) {
        let index = self
            .lookup_package(pkg)
            .and_then(|p| p.files.iter().position(|f| std::ptr::eq(f, file)))
            .unwrap_or(0) as u32;
        let file_ref = FileRef { pkg, index };
        self.file_index = match self.pkg.files.iter().position(|f| *f == file_ref) {
            Some(i) => i as u32,
            None => {
                self.pkg.files.push(file_ref);
                self.pkg.files.len() as u32 - 1
            }
        };
        self.file_pkg = pkg;
        self.file = Some(file);
        self.conversions = file.to_interface.iter().copied().collect();
        self.selections = file.selections.iter().cloned().collect();
        self.loopvar_per_iteration = file
            .syntax
            .go_version()
            .is_none_or(|v| version_at_least(v, 22));
    }

    pub fn syntax(&self) -> &'a File {
        &self.file.expect("a current file").syntax
    }

    pub fn pos(&self, p: goescape_syntax::Pos) -> Pos {
        Pos {
            file: self.file_index,
            offset: p.0,
        }
    }

    pub fn tv(&self, e: goescape_syntax::ExprId) -> Option<&'a TypeAndValue> {
        self.file
            .and_then(|f| f.types.get(e.index()))
            .and_then(|t| t.as_ref())
    }

    pub fn ty_of(&self, e: goescape_syntax::ExprId) -> TypeId {
        self.sub(self.tv(e).map_or(TypeId::INVALID, |t| t.ty))
    }

    /// `ty` with the current instantiation's shapes for type parameters.
    pub fn sub(&self, ty: TypeId) -> TypeId {
        match &self.subst {
            Some(map) => self.store.subst(ty, map),
            None => ty,
        }
    }

    pub fn lookup_package(&self, pkg: PkgId) -> Option<&'a CheckedPackage> {
        (self.lookup)(pkg)
    }

    pub fn obj_of(&self, e: goescape_syntax::ExprId) -> Option<ObjId> {
        self.file
            .and_then(|f| f.objects.get(e.index()))
            .and_then(|o| *o)
    }

    pub fn push_expr(&mut self, kind: ExprKind, ty: TypeId, pos: Pos) -> ExprId {
        let id = ExprId(self.pkg.exprs.len() as u32);
        self.pkg.exprs.push(Expr {
            kind,
            ty,
            pos,
            span: None,
        });
        id
    }

    pub fn push_stmt(&mut self, kind: StmtKind, pos: Pos) -> StmtId {
        let id = StmtId(self.pkg.stmts.len() as u32);
        self.pkg.stmts.push(Stmt {
            kind,
            pos,
            expression_setup: false,
        });
        id
    }

    pub fn new_var(
        &mut self,
        name: String,
        pos: Pos,
        ty: TypeId,
        class: VarClass,
        obj: Option<ObjId>,
    ) -> VarId {
        let id = VarId(self.pkg.vars.len() as u32);
        // gc numbers its temporaries by the function's declarations so far,
        // unnamed and blank parameters included (`~p0`, which have no
        // variable here).
        let name = if name == ".autotmp" {
            let func = &self.pkg.funcs[self.curfn.index()];
            let hidden = func.params.iter().filter(|p| p.var.is_none()).count();
            format!(".autotmp_{}", func.vars.len() + hidden)
        } else {
            name
        };
        self.pkg.vars.push(Var {
            name,
            pos,
            ty,
            class,
            func: self.curfn,
            result_index: 0,
            defined_by: None,
        });
        self.pkg.funcs[self.curfn.index()].vars.push(id);
        if let Some(obj) = obj {
            self.var_of_obj.insert(obj, id);
        }
        id
    }

    /// The variable of a local object, created on first sight.
    pub fn local_var(&mut self, obj: ObjId) -> VarId {
        if let Some(&v) = self.var_of_obj.get(&obj) {
            return v;
        }
        let o = self.store.obj(obj);
        let pos = o.pos.map_or(Pos::default(), |p| Pos {
            file: self.file_index,
            offset: p.offset,
        });
        let ty = self.sub(self.store.obj_type(obj));
        let name = format!("{}{}", self.qualifier, o.name);
        self.new_var(name, pos, ty, VarClass::Local, Some(obj))
    }

    pub fn is_local(&self, obj: ObjId) -> bool {
        matches!(
            &self.store.obj(obj).kind,
            ObjKind::Var(v) if !matches!(
                v.kind,
                goescape_types::model::VarKind::Package | goescape_types::model::VarKind::Field
            )
        )
    }

    pub fn new_func_pub(&mut self, name: String, pos: Pos, sig: TypeId) -> FuncId {
        self.new_func(name, None, pos, sig)
    }

    fn new_func(&mut self, name: String, obj: Option<ObjId>, pos: Pos, sig: TypeId) -> FuncId {
        let id = FuncId(self.pkg.funcs.len() as u32);
        self.pkg.funcs.push(Func {
            name,
            qualifier: self.qualifier.clone(),
            obj,
            pos,
            decl_pos: pos,
            sig,
            params: Vec::new(),
            results: Vec::new(),
            vars: Vec::new(),
            body: Vec::new(),
            has_body: false,
            outer: None,
            captured: Vec::new(),
            captured_at: Vec::new(),
            wrapper: false,
            equality: false,
            generic: false,
            instance: false,
            origin: None,
            pragmas: FuncPragmas::default(),
            refs: Vec::new(),
        });
        self.closure_count.push([0; 3]);
        self.range_parent.push(None);
        self.range_states.push(0);
        self.range_returns.push(None);
        id
    }

    /// Whether a signature or receiver makes the function generic.
    fn is_generic(&self, f: &FuncDecl) -> bool {
        if !self.syntax().field_list(f.tparams).is_empty() {
            return true;
        }
        let Some(recv) = f.recv else { return false };
        let file = self.syntax();
        let mut ty = file.field(recv).ty;
        loop {
            match file.expr(ty).kind {
                Ast::Paren { x } => ty = x,
                Ast::Unary { x, .. } => ty = x,
                Ast::Index { .. } => return true,
                _ => return false,
            }
        }
    }

    fn func_decl(&mut self, decl_pos: goescape_syntax::Pos, f: &FuncDecl) {
        let Some(obj) = self.obj_of(f.name) else {
            return;
        };
        let file = self.syntax();
        let name = file.ident(f.name).unwrap_or("_").to_owned();
        if name == "_" {
            return;
        }
        let sig = self.store.obj_type(obj);
        let display = match f.recv {
            Some(recv) => format!("{}.{name}", self.receiver_text(file.field(recv))),
            None if name == "init" => {
                self.declared_inits += 1;
                format!("init.{}", self.declared_inits - 1)
            }
            None => name,
        };
        let func = self.new_func(display, Some(obj), self.pos(file.expr(f.name).pos), sig);
        self.pkg.funcs[func.index()].decl_pos = self.pos(decl_pos);
        self.pkg.funcs[func.index()].generic = self.is_generic(f);
        self.pkg.funcs[func.index()].pragmas = self.func_pragmas(f);
        let start = (self.pkg.exprs.len(), self.pkg.vars.len());
        self.in_generic_body = self.pkg.func(func).generic;
        self.lower_func(func, f);
        self.in_generic_body = false;
        if self.pkg.func(func).generic {
            self.generic_exprs.push(start.0..self.pkg.exprs.len());
            self.generic_vars.push(start.1..self.pkg.vars.len());
        }
    }

    /// The directives of declaration `f` (in the current file) that later
    /// passes read.
    pub fn func_pragmas(&self, f: &FuncDecl) -> FuncPragmas {
        let Some(p) = f.pragma else {
            return FuncPragmas::default();
        };
        let flags = self.syntax().pragma(p).flags;
        FuncPragmas {
            noescape: flags.contains(PragmaFlags::NOESCAPE),
            uintptr_escapes: flags.contains(PragmaFlags::UINTPTR_ESCAPES),
            uintptr_keepalive: flags.contains(PragmaFlags::UINTPTR_KEEPALIVE),
            noinline: flags.contains(PragmaFlags::NOINLINE),
            cgo_unsafe_args: flags.contains(PragmaFlags::CGO_UNSAFE_ARGS),
            yes_write_barrier_rec: flags.contains(PragmaFlags::YESWRITEBARRIERREC),
        }
    }

    /// Lowers the parameters, results and body of declaration `f` into
    /// `func` (whose signature is set).
    pub fn lower_func(&mut self, func: FuncId, f: &FuncDecl) {
        self.curfn = func;
        let file = self.syntax();
        let sig = self.pkg.func(func).sig;
        let mut fields: Vec<(Field, bool)> = Vec::new();
        if let Some(recv) = f.recv {
            fields.push((*file.field(recv), false));
        }
        let Ast::FuncType { params, results } = file.expr(f.ty).kind else {
            return;
        };
        let variadic = self.store.signature(sig).is_some_and(|s| s.variadic);
        let param_fields = file.field_list(params);
        for (i, field) in param_fields.iter().enumerate() {
            fields.push((*field, variadic && i + 1 == param_fields.len()));
        }
        self.params(func, &fields);
        self.results(func, file.field_list(results));
        if let Some(body) = f.body {
            self.pkg.funcs[func.index()].has_body = true;
            self.escaping_vars = self.scan_escaping(body);
            self.static_values = self.scan_static_values(goescape_syntax::walk::Node::Stmt(body));
            let stmts = self.body(body);
            self.pkg.funcs[func.index()].body = stmts;
            if !self.pkg.func(func).generic {
                self.devirtualize(func);
                for s in deadlocals::remove_dead_locals(&mut self.pkg, func) {
                    self.retext_assignment(s);
                }
            }
        }
    }

    /// `T` or `(*T)` as gc prints a method's receiver in its name.
    fn receiver_text(&self, field: &Field) -> String {
        let file = self.syntax();
        let mut ty = field.ty;
        let mut pointer = false;
        loop {
            match file.expr(ty).kind {
                Ast::Paren { x } => ty = x,
                Ast::Unary { x, .. } => {
                    pointer = true;
                    ty = x;
                }
                _ => break,
            }
        }
        let name = file.ident(ty).unwrap_or("?");
        if pointer {
            format!("(*{name})")
        } else {
            name.to_owned()
        }
    }

    /// Declares the parameters (receiver first) of `func`.
    pub fn params(&mut self, func: FuncId, fields: &[(Field, bool)]) {
        for &(field, variadic) in fields {
            let file = self.syntax();
            // The checker types a `...T` parameter's type expression as
            // `[]T` already.
            let param_ty = self.ty_of(field.ty);
            let (var, pos, named) = match field.name {
                Some(name) => {
                    let pos = self.pos(file.expr(name).pos);
                    let obj = self.obj_of(name);
                    let blank = file.ident(name) == Some("_");
                    let var = match obj {
                        Some(obj) if !blank => {
                            let t = self.sub(self.store.obj_type(obj));
                            let n =
                                format!("{}{}", self.qualifier, file.ident(name).unwrap_or("_"));
                            Some(self.new_var(n, pos, t, VarClass::Param, Some(obj)))
                        }
                        _ => None,
                    };
                    (var, pos, true)
                }
                None => (None, self.pos(field.pos), false),
            };
            let ty = var.map_or(param_ty, |v| self.pkg.var(v).ty);
            self.pkg.funcs[func.index()].params.push(Param {
                var,
                ty,
                pos,
                variadic,
                named,
            });
        }
    }

    /// Declares the results of `func`, naming unnamed and blank ones `~rN`
    /// as gc does.
    pub fn results(&mut self, func: FuncId, fields: &[Field]) {
        for (index, field) in fields.iter().enumerate() {
            let index = index as u32;
            let file = self.syntax();
            let ty = self.ty_of(field.ty);
            let (name, obj, pos) = match field.name {
                Some(n) => {
                    let text = file.ident(n).unwrap_or("_");
                    let name = if text == "_" {
                        format!("{}~r{index}", self.qualifier)
                    } else {
                        format!("{}{text}", self.qualifier)
                    };
                    (name, self.obj_of(n), self.pos(file.expr(n).pos))
                }
                None => (
                    format!("{}~r{index}", self.qualifier),
                    None,
                    self.pos(field.pos),
                ),
            };
            let var = self.new_var(name, pos, ty, VarClass::Result, obj);
            self.pkg.vars[var.index()].result_index = index;
            self.pkg.funcs[func.index()].results.push(var);
        }
    }

    /// Lowers a function body, then marks the labels that backward gotos
    /// target.
    fn body(&mut self, body: goescape_syntax::StmtId) -> Vec<StmtId> {
        let saved = std::mem::take(&mut self.labels);
        let stmts = self.block_stmts(body);
        self.labels = saved;
        stmts
    }

    /// Package-level variables with initialisers become assignments in the
    /// package's init function, except what gc initialises statically
    /// (constants, addresses of globals, literals built from those).
    fn package_var(&mut self, spec: &goescape_syntax::VarDecl) {
        let Some(values) = spec.values else { return };
        let file = self.syntax();
        let names: Vec<goescape_syntax::ExprId> = file.expr_list(spec.names).to_vec();
        let values: Vec<goescape_syntax::ExprId> = file.unpack_list(Some(values)).collect();
        // `var _ I = T[int]{}` has no object, but its value's type is
        // compiled (methods included) all the same.
        for (&name, &value) in names.iter().zip(&values) {
            if file.ident(name) == Some("_") {
                let ty = self.ty_of(value);
                self.blank_var_types.push(ty);
            }
        }
        let mut pairs = Vec::new();
        let mut literals = Vec::new();
        if values.len() == 1 && names.len() > 1 {
            pairs.push((names.clone(), values[0]));
        } else {
            for (&name, &value) in names.iter().zip(&values) {
                let mut dynamic = Vec::new();
                self.dynamic_parts(value, &mut dynamic, &mut literals);
                pairs.extend(dynamic.into_iter().map(|part| (vec![name], part)));
            }
        }
        if pairs.is_empty() && literals.is_empty() {
            return;
        }
        if self.init_func().is_none() {
            let f = self.new_func("init".to_owned(), None, Pos::default(), TypeId::INVALID);
            self.pkg.funcs[f.index()].has_body = true;
        }
        let init = self.init_func().expect("init function");
        self.curfn = init;
        self.escaping_vars.clear();
        // The literals among the values have bodies of their own.
        let mut statics = static_value::StaticValues::default();
        for &value in &values {
            statics.extend(self.scan_static_values(goescape_syntax::walk::Node::Expr(value)));
        }
        self.static_values = statics;
        // Statically initialised function literals are still compiled, as
        // package-level functions.
        for lit in literals {
            if let Ast::FuncLit { ty, body } = file.expr(lit).kind {
                let sig = self.ty_of(lit);
                let pos = self.pos(file.expr(lit).pos);
                // Named like the initialisation code's other literals
                // (`init.func1`), as gc names them.
                let func = self.closure(ty, body, sig, pos);
                self.pkg.funcs[func.index()].outer = None;
            }
            self.curfn = init;
        }
        for (names, value) in pairs {
            let pos = self.pos(file.expr(names[0]).pos);
            let lhs: Vec<Option<ExprId>> = names.iter().map(|&n| self.target(n)).collect();
            let stmt = if names.len() > 1 {
                let call = self.expr(value);
                self.push_stmt(StmtKind::AssignCall { lhs, call }, pos)
            } else {
                let rhs = vec![self.expr(value)];
                self.assign_stmt(lhs, rhs, pos)
            };
            self.init_body.push(stmt);
        }
    }

    /// The parts of a package-level initialiser gc cannot lay out
    /// statically (gc's staticinit): the whole expression, or the dynamic
    /// elements of a static composite literal.
    fn dynamic_parts(
        &self,
        e: goescape_syntax::ExprId,
        out: &mut Vec<goescape_syntax::ExprId>,
        literals: &mut Vec<goescape_syntax::ExprId>,
    ) {
        ensure_sufficient_stack(|| {
            use goescape_types::check::Mode;
            let file = self.syntax();
            let e = file.unparen(e);
            let tv = self.tv(e);
            if tv.is_some_and(|t| matches!(t.mode, Mode::Constant | Mode::Nil)) {
                return;
            }
            if self.is_fips_package() {
                // FIPS code must not have relocations in its data: gc lays out
                // no addresses statically there, only arrays and structs of
                // constants.
                let ty = self.store.underlying(self.ty_of(e));
                let array_or_struct = matches!(
                    self.store.ty(ty),
                    goescape_types::model::Type::Array { .. }
                        | goescape_types::model::Type::Struct(_)
                );
                if !(array_or_struct && matches!(file.expr(e).kind, Ast::CompositeLit { .. })) {
                    out.push(e);
                    return;
                }
            }
            match file.expr(e).kind {
                Ast::Name(_) => {}
                Ast::FuncLit { .. } => literals.push(e),
                Ast::Selector { .. } if !self.selections.contains_key(&e) => {}
                Ast::Unary {
                    op: goescape_syntax::Operator::And,
                    x,
                } => {
                    let x = file.unparen(x);
                    match file.expr(x).kind {
                        Ast::CompositeLit { .. } => self.dynamic_parts(x, out, literals),
                        Ast::Name(_) => {}
                        _ => out.push(e),
                    }
                }
                Ast::CompositeLit { elems, .. } => {
                    let ty = self.ty_of(e);
                    let under = self.store.underlying(ty);
                    let is_map = matches!(
                        self.store.ty(under),
                        goescape_types::model::Type::Map { .. }
                    );
                    if is_map {
                        out.push(e);
                        return;
                    }
                    for &el in file.expr_list(elems) {
                        let value = match file.expr(el).kind {
                            Ast::KeyValue { value, .. } => value,
                            _ => el,
                        };
                        self.dynamic_parts(value, out, literals);
                    }
                }
                Ast::Call { fun, args, .. }
                    if self.tv(fun).is_some_and(|t| t.mode == Mode::Type) =>
                {
                    // Conversions of static values are static ([]byte("..."),
                    // interface conversions, named types); of anything else,
                    // dynamic as a whole.
                    match file.expr_list(args) {
                        [arg] => {
                            let mut parts = Vec::new();
                            self.dynamic_parts(*arg, &mut parts, literals);
                            if !parts.is_empty() {
                                out.push(e);
                            }
                        }
                        _ => out.push(e),
                    }
                }
                _ => out.push(e),
            }
        })
    }

    /// gc's `IsFIPS`: the FIPS 140 module's packages.
    fn is_fips_package(&self) -> bool {
        let path = self.store.package(self.pkg.id).path.as_str();
        path == "crypto/internal/fips140" || path.starts_with("crypto/internal/fips140/")
    }

    fn init_func(&self) -> Option<FuncId> {
        self.pkg
            .funcs
            .iter()
            .position(|f| f.obj.is_none() && f.outer.is_none() && f.name == "init")
            .map(|i| FuncId(i as u32))
    }

    fn finish_init(&mut self) {
        if let Some(init) = self.init_func() {
            let body = std::mem::take(&mut self.init_body);
            self.pkg.funcs[init.index()].body = body;
        }
    }
}

/// Whether a `go1.N[.M]` version is at least `go1.minor`.
fn version_at_least(version: &str, minor: u32) -> bool {
    let rest = version.trim_start_matches("go");
    let mut parts = rest.split('.');
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(1);
    let m: u32 = parts
        .next()
        .and_then(|p| {
            p.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or(0);
    major > 1 || m >= minor
}
