//! gc's inlining of calls: which calls of inlinable functions gc
//! replaces by the callee's body before escape analysis, the calls those
//! bodies make included (mid-stack inlining).
//!
//! Every function is summarised by its [`Body`]: its price when it is
//! inlinable and the calls it makes, in gc's order (operands before the
//! call that uses them), each naming its callee as a function, or as one
//! of the body's parameters (a function value its caller passes, as in
//! `apply(func() { ... })`), with the function values it passes on.
//! Importers read the bodies of other packages' inlinable functions from
//! the [`InlineTable`].
//!
//! For each function gc compiles, its calls are tried in order; an
//! inlined call appends its body's calls to the list, with the parameters
//! bound to what the call passes. gc reports every call inlined inside an
//! inlined body at the outermost call, where the copied code now is. A
//! call is inlined when its callee is inlinable, costs at most the budget
//! (80, 20 in a big function; twice that for a function literal, and ten
//! budgets for a literal called once), is not an intrinsic, and is not
//! already being inlined further out (a recursive cycle is entered once).

use std::sync::Arc;

use goescape_ir::*;
use goescape_types::model::{ObjId, PkgId, Store};
use rustc_hash::FxHashMap;

use crate::cost::{is_literal, Priced, BIG_CALLER_MAX_COST, LITERAL_BUDGET};
use crate::intrinsics::is_intrinsic;
use crate::{InlineTable, InlinedCall, BUDGET};

/// A function of some package, as importers refer to it.
pub(crate) type FuncKey = (PkgId, FuncId);

/// A function a body refers to.
#[derive(Clone, Copy, Debug)]
enum FuncRef {
    Declared(ObjId),
    /// A function of the body's own package (a literal, an
    /// instantiation).
    Local(FuncId),
}

/// A function value in a body: a known function, or one of the body's
/// parameters.
#[derive(Clone, Copy, Debug)]
enum FuncValue {
    Func(FuncRef),
    Param(usize),
}

/// A call of a body.
#[derive(Debug)]
struct Site {
    pos: Pos,
    call: ExprId,
    callee: FuncValue,
    /// The function values passed, per argument.
    args: Vec<Option<FuncValue>>,
}

/// What inlining needs of a function.
#[derive(Debug)]
pub struct Body {
    /// The price, when the function is inlinable.
    cost: Option<u32>,
    /// gc's name for it in its own package.
    name: String,
    /// The package whose code it is (qualifying the name elsewhere).
    home: PkgId,
    /// A function literal: its calls get twice the budget.
    literal: bool,
    sites: Vec<Site>,
}

impl Body {
    /// The price, when the function is inlinable.
    pub(crate) fn cost(&self) -> Option<u32> {
        self.cost
    }
}

/// The bodies of every function of `pkg`.
pub(crate) fn bodies(pkg: &Package, store: &Store, priced: &Priced) -> Vec<Arc<Body>> {
    (0..pkg.funcs.len())
        .map(|i| {
            let f = FuncId(i as u32);
            let func = pkg.func(f);
            Arc::new(Body {
                cost: priced.cost_of[i],
                name: func.name.clone(),
                home: home(pkg, store, f),
                literal: is_literal(func),
                sites: sites(pkg, store, f),
            })
        })
        .collect()
}

/// The calls gc inlines in every function of `pkg` it compiles, each
/// function's in gc's order.
pub(crate) fn inlined_calls(
    pkg: &Package,
    store: &Store,
    table: &InlineTable,
    bodies: &[Arc<Body>],
    big: &[bool],
) -> Vec<InlinedCall> {
    let mut inliner = Inliner {
        pkg,
        store,
        table,
        bodies,
        func_of_obj: pkg.funcs_by_obj(),
        uses: FxHashMap::default(),
        calls: Vec::new(),
    };
    let callers: Vec<FuncId> = (0..pkg.funcs.len())
        .map(|i| FuncId(i as u32))
        .filter(|&f| !pkg.func(f).generic && pkg.func(f).has_body)
        .collect();
    // gc counts the calls of each function literal in the whole package
    // first: a literal called once may cost ten budgets.
    let top: Vec<Vec<Pending>> = callers.iter().map(|&f| inliner.top_level(f)).collect();
    for pending in top.iter().flatten() {
        *inliner.uses.entry(pending.callee).or_default() += 1;
    }
    for (&f, pending) in callers.iter().zip(top) {
        inliner.inline_into(f, pending, big[f.index()]);
    }
    inliner.calls
}

/// A function reached by a call, and which copy of it: a literal inside
/// an inlined body is copied with it, each copy a function of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Resolved {
    key: FuncKey,
    /// The inlining (an index into the caller's inline tree) that copied
    /// the literal.
    copy: Option<usize>,
}

/// A call to try.
#[derive(Clone, Debug)]
struct Pending {
    /// Where gc reports it: the outermost call.
    pos: Pos,
    /// The call expression, in the code of the body holding it.
    call: ExprId,
    callee: Resolved,
    /// The function values it passes, per argument.
    args: Vec<Option<Resolved>>,
    /// The inlining whose body holds the call; `None` for the caller's
    /// own calls.
    inside: Option<usize>,
}

struct Inliner<'a> {
    pkg: &'a Package,
    store: &'a Store,
    table: &'a InlineTable,
    bodies: &'a [Arc<Body>],
    func_of_obj: FxHashMap<ObjId, FuncId>,
    /// How many calls reach each function literal.
    uses: FxHashMap<Resolved, u32>,
    calls: Vec<InlinedCall>,
}

impl Inliner<'_> {
    fn body(&self, key: FuncKey) -> Option<Arc<Body>> {
        if key.0 == self.pkg.id {
            self.bodies.get(key.1.index()).cloned()
        } else {
            self.table.body(key)
        }
    }

    fn key_of(&self, r: FuncRef, pkg: PkgId) -> Option<FuncKey> {
        match r {
            FuncRef::Local(f) => Some((pkg, f)),
            FuncRef::Declared(obj) => match self.func_of_obj.get(&obj) {
                Some(&f) => Some((self.pkg.id, f)),
                None => self.table.key(obj),
            },
        }
    }

    /// The caller's own calls of known functions.
    fn top_level(&self, caller: FuncId) -> Vec<Pending> {
        let pkg = self.pkg;
        self.bodies[caller.index()]
            .sites
            .iter()
            .filter_map(|site| {
                let FuncValue::Func(r) = site.callee else {
                    return None;
                };
                if let FuncRef::Local(g) = r {
                    // gc inlines a literal only into the function whose
                    // variables it captures.
                    let literal = pkg.func(g);
                    if literal.outer.is_some()
                        && literal
                            .captured
                            .first()
                            .is_some_and(|&v| pkg.var(v).func != caller)
                    {
                        return None;
                    }
                }
                let resolve = |value: &Option<FuncValue>| match *value {
                    Some(FuncValue::Func(r)) => Some(Resolved {
                        key: self.key_of(r, pkg.id)?,
                        copy: None,
                    }),
                    _ => None,
                };
                Some(Pending {
                    pos: site.pos,
                    call: site.call,
                    callee: resolve(&Some(site.callee))?,
                    args: site.args.iter().map(resolve).collect(),
                    inside: None,
                })
            })
            .collect()
    }

    fn inline_into(&mut self, caller: FuncId, mut queue: Vec<Pending>, big: bool) {
        // The inlinings done so far: the function inlined and the
        // inlining it happened in.
        let mut tree: Vec<(FuncKey, Option<usize>)> = Vec::new();
        // The tree's nodes are the calls recorded from here on.
        let first = self.calls.len();
        let mut i = 0;
        while i < queue.len() {
            let call = queue[i].clone();
            i += 1;
            let Some(body) = self.body(call.callee.key) else {
                continue;
            };
            let Some(cost) = body.cost else {
                continue;
            };
            let mut max = if big { BIG_CALLER_MAX_COST } else { BUDGET };
            if body.literal {
                max *= 2;
                if self.uses.get(&call.callee) == Some(&1) {
                    max = max.max(LITERAL_BUDGET);
                }
            }
            if cost > max {
                continue;
            }
            let mut outer = call.inside;
            let mut recursive = false;
            while let Some(n) = outer {
                recursive |= tree[n].0 == call.callee.key;
                outer = tree[n].1;
            }
            if recursive {
                continue;
            }
            self.calls.push(InlinedCall {
                func: caller,
                pos: call.pos,
                callee: self.display_name(&body),
                call: call.call,
                target: call.callee.key,
                inside: call.inside.map(|n| first + n),
            });
            let node = tree.len();
            tree.push((call.callee.key, call.inside));
            let home_pkg = call.callee.key.0;
            let resolve = |value: FuncValue| -> Option<Resolved> {
                match value {
                    FuncValue::Param(j) => call.args.get(j).copied().flatten(),
                    FuncValue::Func(r) => {
                        let key = self.key_of(r, home_pkg)?;
                        let copied = matches!(r, FuncRef::Local(_))
                            && self.body(key).is_some_and(|b| b.literal);
                        Some(Resolved {
                            key,
                            copy: copied.then_some(node),
                        })
                    }
                }
            };
            let discovered: Vec<Pending> = body
                .sites
                .iter()
                .filter_map(|site| {
                    Some(Pending {
                        pos: call.pos,
                        call: site.call,
                        callee: resolve(site.callee)?,
                        args: site.args.iter().map(|a| a.and_then(resolve)).collect(),
                        inside: Some(node),
                    })
                })
                .collect();
            for pending in discovered {
                *self.uses.entry(pending.callee).or_default() += 1;
                queue.push(pending);
            }
        }
    }

    /// The callee's name as gc prints it in this package.
    fn display_name(&self, body: &Body) -> String {
        if body.home == self.pkg.id {
            body.name.clone()
        } else {
            let home = self.store.package(body.home);
            format!("{}.{}", home.name.as_str(), body.name)
        }
    }
}

/// The package whose code `f` is: its declaration's, its generic
/// origin's, or that of the function it is a literal in.
fn home(pkg: &Package, store: &Store, f: FuncId) -> PkgId {
    let func = pkg.func(f);
    if let Some(p) = func.obj.or(func.origin).and_then(|obj| store.obj(obj).pkg) {
        return p;
    }
    match func.outer {
        Some(outer) => home(pkg, store, outer),
        None => pkg.id,
    }
}

/// The calls of `f` gc may inline (of a function, not an intrinsic), in
/// its order: operands first.
fn sites(pkg: &Package, store: &Store, f: FuncId) -> Vec<Site> {
    let mut out = Vec::new();
    visit::func_exprs(pkg, f, |e| {
        let ExprKind::Call(call) = &pkg.expr(e).kind else {
            return;
        };
        let Callee::Func { fun, target } = &call.callee else {
            return;
        };
        let callee = match target {
            Some(Target::Declared(obj)) => FuncValue::Func(FuncRef::Declared(*obj)),
            Some(Target::Literal(g)) => FuncValue::Func(FuncRef::Local(*g)),
            None => match param_index(pkg, f, *fun) {
                Some(i) => FuncValue::Param(i),
                None => return,
            },
        };
        let declared = match target {
            Some(Target::Declared(obj)) => Some(*obj),
            Some(Target::Literal(g)) => pkg.func(*g).origin,
            None => None,
        };
        if let Some(obj) = declared {
            let o = store.obj(obj);
            let path = store.pkg_path(o.pkg);
            let name = o.name.as_str();
            let is_method = store
                .signature(store.obj_type(obj))
                .is_some_and(|sig| sig.recv.is_some());
            if (!is_method && is_intrinsic(path, name))
                || (path == "internal/abi" && name == "EscapeNonString")
            {
                return;
            }
        }
        let args = call
            .args
            .iter()
            .map(|&a| function_value(pkg, f, a))
            .collect();
        out.push(Site {
            pos: pkg.expr(e).pos,
            call: e,
            callee,
            args,
        });
    });
    out
}

/// The index of the parameter `e` reads, when it reads one of `f`'s.
fn param_index(pkg: &Package, f: FuncId, e: ExprId) -> Option<usize> {
    let ExprKind::Var(v) = pkg.expr(e).kind else {
        return None;
    };
    pkg.func(f).params.iter().position(|p| p.var == Some(v))
}

/// The function `e` is, when it is a literal, a declared function or a
/// parameter of `f`.
fn function_value(pkg: &Package, f: FuncId, e: ExprId) -> Option<FuncValue> {
    match &pkg.expr(e).kind {
        ExprKind::Closure { func } => Some(FuncValue::Func(FuncRef::Local(*func))),
        ExprKind::FuncName { obj, type_args } if type_args.is_empty() => {
            Some(FuncValue::Func(FuncRef::Declared(*obj)))
        }
        _ => param_index(pkg, f, e).map(FuncValue::Param),
    }
}
