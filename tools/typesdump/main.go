// Command typesdump type-checks Go packages with go/types and prints the
// facts recorded in types.Info (expression types and values, definitions,
// uses, implicit objects, selections, instances) plus type errors, one fact
// per line, in a stable tab-separated text format. It is goescape's
// reference for measuring its own type checker; see README.md for the format.
//
// Usage:
//
//	typesdump [flags] PATTERN...
//
// Packages are resolved with `go list -e -json -deps` (CGO_ENABLED=0) and
// every package, dependencies included, is type-checked from source in
// dependency order, so the tool works offline and is self-consistent.
//
// Everything lives in this one file so that `go run path/to/main.go` works
// from outside the tool's module.
package main

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// listPkg holds the fields of `go list -json` output that we use.
type listPkg struct {
	ImportPath string
	Name       string
	Dir        string
	Root       string
	Goroot     bool
	Standard   bool
	DepOnly    bool
	ForTest    string
	GoFiles    []string
	Imports    []string
	ImportMap  map[string]string
	Module     *struct {
		Path      string
		Dir       string
		GoVersion string
	}
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// Fact categories, in the order of the -only flag documentation.
const allCategories = "EDUXSI!"

type options struct {
	out    string
	tests  bool
	tags   string
	stats  bool
	only   string
	dir    string
	goos   string
	goarch string
	jobs   int
}

func run(args []string, stdout, stderr io.Writer) int {
	var opt options
	fl := flag.NewFlagSet("typesdump", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&opt.out, "o", "", "write the dump to `file` (default stdout)")
	fl.BoolVar(&opt.tests, "tests", false, "dump test variants (GoFiles+TestGoFiles) and external test packages")
	fl.StringVar(&opt.tags, "tags", "", "comma-separated build `tags` passed to go list")
	fl.BoolVar(&opt.stats, "stats", false, "print statistics on stderr")
	fl.StringVar(&opt.only, "only", "", "comma-separated `categories` to print, from E,D,U,X,S,I,! (default all)")
	fl.StringVar(&opt.dir, "C", "", "run go list in `dir` (patterns are relative to it)")
	fl.StringVar(&opt.goos, "goos", "linux", "GOOS for file selection")
	fl.StringVar(&opt.goarch, "goarch", "amd64", "GOARCH for file selection and types.SizesFor(\"gc\", GOARCH)")
	fl.IntVar(&opt.jobs, "j", runtime.GOMAXPROCS(0), "packages type-checked in parallel")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: typesdump [flags] PATTERN...\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	cats, err := parseCategories(opt.only)
	if err != nil {
		fmt.Fprintln(stderr, "typesdump:", err)
		return 2
	}
	if opt.jobs < 1 {
		opt.jobs = 1
	}
	var out io.Writer = stdout
	var outFile *os.File
	if opt.out != "" && opt.out != "-" {
		outFile, err = os.Create(opt.out)
		if err != nil {
			fmt.Fprintln(stderr, "typesdump:", err)
			return 1
		}
		out = outFile
	}
	st, err := dump(&opt, cats, fl.Args(), out)
	if outFile != nil {
		if cerr := outFile.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "typesdump:", err)
		return 1
	}
	if opt.stats {
		st.print(stderr)
	}
	return 0
}

func parseCategories(only string) (map[byte]bool, error) {
	cats := map[byte]bool{}
	if only == "" {
		only = strings.Join(strings.Split(allCategories, ""), ",")
	}
	for c := range strings.SplitSeq(only, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len(c) != 1 || !strings.Contains(allCategories, c) {
			return nil, fmt.Errorf("-only: unknown category %q (want E,D,U,X,S,I,!)", c)
		}
		cats[c[0]] = true
	}
	return cats, nil
}

// goList runs `go list -e -json -deps` and decodes its output.
func goList(opt *options, patterns []string) ([]*listPkg, error) {
	args := []string{"list", "-e", "-deps",
		"-json=ImportPath,Name,Dir,Root,Goroot,Standard,DepOnly,ForTest,GoFiles,Imports,ImportMap,Module,Error,DepsErrors"}
	if opt.tests {
		args = append(args, "-test")
	}
	if opt.tags != "" {
		args = append(args, "-tags="+opt.tags)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = opt.dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+opt.goos, "GOARCH="+opt.goarch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.Bytes())
	}
	var pkgs []*listPkg
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		p := new(listPkg)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("decoding go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// unit is one package to type-check.
type unit struct {
	lp     *listPkg
	deps   []*unit
	done   chan struct{}
	target bool

	pkg *types.Package // nil if checking failed badly, or once no longer needed

	// Scheduling state, guarded by scheduler.mu.
	index      int     // position in go list order
	rdeps      []*unit // units importing this one
	pending    int     // dependencies not yet checked
	dependents int     // importers not yet checked; pkg is dropped at zero

	// For targets: the formatted dump and counts.
	out    []byte
	nfiles int
	counts map[byte]int

	// For dependencies that are not dumped: how many errors they had.
	depErrs int
}

type stats struct {
	packages, checked, files int
	depErrs                  int
	counts                   map[byte]int
	elapsed                  time.Duration
	listTime                 time.Duration
	bytes                    int64
}

func (s *stats) print(w io.Writer) {
	fmt.Fprintf(w, "packages: %d dumped, %d type-checked in total (dependencies included)\n", s.packages, s.checked)
	fmt.Fprintf(w, "files: %d\n", s.files)
	fmt.Fprintf(w, "errors in dependencies not dumped: %d\n", s.depErrs)
	fmt.Fprintf(w, "expressions: %d\n", s.counts['E'])
	for _, c := range []byte(allCategories) {
		fmt.Fprintf(w, "lines %c: %d\n", c, s.counts[c])
	}
	fmt.Fprintf(w, "output bytes: %d\n", s.bytes)
	fmt.Fprintf(w, "seconds: %.2f (go list %.2f)\n", s.elapsed.Seconds(), s.listTime.Seconds())
}

type dumper struct {
	opt   *options
	cats  map[byte]bool
	fset  *token.FileSet
	sizes types.Sizes
	units map[string]*unit
	// defaultGoVersion is the language version of the running toolchain,
	// used for packages outside any module (std).
	defaultGoVersion string
}

func dump(opt *options, cats map[byte]bool, patterns []string, out io.Writer) (*stats, error) {
	start := time.Now()
	pkgs, err := goList(opt, patterns)
	if err != nil {
		return nil, err
	}
	st := &stats{counts: map[byte]int{}, listTime: time.Since(start)}
	sizes := types.SizesFor("gc", opt.goarch)
	if sizes == nil {
		return nil, fmt.Errorf("no gc sizes for GOARCH %q", opt.goarch)
	}
	d := &dumper{
		opt:              opt,
		cats:             cats,
		fset:             token.NewFileSet(),
		sizes:            sizes,
		units:            map[string]*unit{},
		defaultGoVersion: toolchainLangVersion(),
	}

	// Build units; `go list -deps` prints dependencies before dependents.
	var units []*unit
	for _, p := range pkgs {
		if _, dup := d.units[p.ImportPath]; dup {
			continue
		}
		u := &unit{lp: p, done: make(chan struct{})}
		for _, imp := range p.Imports {
			if imp == "unsafe" || imp == "C" {
				continue
			}
			if du := d.units[imp]; du != nil {
				u.deps = append(u.deps, du)
				du.dependents++
				du.rdeps = append(du.rdeps, u)
			}
		}
		u.index = len(units)
		u.pending = len(u.deps)
		d.units[p.ImportPath] = u
		units = append(units, u)
	}
	selectTargets(units, opt.tests)

	d.schedule(units)

	// Print the targets sorted by import path as they become ready.
	var targets []*unit
	for _, u := range units {
		if u.target {
			targets = append(targets, u)
		}
	}
	slices.SortFunc(targets, func(a, b *unit) int { return strings.Compare(a.lp.ImportPath, b.lp.ImportPath) })
	for _, u := range targets {
		<-u.done
		n, err := out.Write(u.out)
		st.bytes += int64(n)
		if err != nil {
			return nil, err
		}
		u.out = nil
		st.packages++
		st.files += u.nfiles
		for c, n := range u.counts {
			st.counts[c] += n
		}
	}
	for _, u := range units {
		<-u.done
		st.depErrs += u.depErrs
	}
	st.checked = len(units)
	st.elapsed = time.Since(start)
	return st, nil
}

// schedule type-checks every unit, at most opt.jobs at a time, each once its
// dependencies are done, closing u.done when it is. Among ready units the
// first in go list order goes first, so that related packages (a test
// variant and the dependencies recompiled for it) are checked together
// and can be dropped together: a unit's types.Package is released once
// every unit importing it has been checked.
func (d *dumper) schedule(units []*unit) {
	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		ready readyHeap
		left  = len(units)
	)
	for _, u := range units {
		if u.pending == 0 {
			heap.Push(&ready, u)
		}
	}
	var wg sync.WaitGroup
	for range d.opt.jobs {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			for {
				for ready.Len() == 0 && left > 0 {
					cond.Wait()
				}
				if left == 0 {
					return
				}
				u := heap.Pop(&ready).(*unit)
				mu.Unlock()
				d.check(u)
				close(u.done)
				mu.Lock()
				left--
				for _, r := range u.rdeps {
					if r.pending--; r.pending == 0 {
						heap.Push(&ready, r)
					}
				}
				if u.dependents == 0 {
					u.pkg = nil
				}
				for _, du := range u.deps {
					if du.dependents--; du.dependents == 0 {
						du.pkg = nil
					}
				}
				cond.Broadcast()
			}
		})
	}
	// Units are consumed asynchronously by the printer; no need to wait
	// here, but the workers must not outlive dump.
	go wg.Wait()
}

// readyHeap orders units by go list position.
type readyHeap []*unit

func (h readyHeap) Len() int           { return len(h) }
func (h readyHeap) Less(i, j int) bool { return h[i].index < h[j].index }
func (h readyHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *readyHeap) Push(x any)        { *h = append(*h, x.(*unit)) }
func (h *readyHeap) Pop() any {
	old := *h
	u := old[len(old)-1]
	*h = old[:len(old)-1]
	return u
}

// selectTargets marks the packages to dump: those matched by the patterns
// (DepOnly false). With -test, a package's internal test variant "p [p.test]"
// replaces p, the external test package "p_test [p.test]" is added, and the
// generated test main "p.test" is skipped.
func selectTargets(units []*unit, tests bool) {
	byPath := map[string]*unit{}
	for _, u := range units {
		byPath[u.lp.ImportPath] = u
	}
	for _, u := range units {
		p := u.lp
		if p.DepOnly {
			continue
		}
		if !tests {
			u.target = p.ForTest == ""
			continue
		}
		if p.ForTest != "" {
			u.target = true
			continue
		}
		if strings.HasSuffix(p.ImportPath, ".test") && p.Name == "main" {
			if root := byPath[strings.TrimSuffix(p.ImportPath, ".test")]; root != nil && !root.lp.DepOnly {
				continue // generated test main
			}
		}
		if byPath[p.ImportPath+" ["+p.ImportPath+".test]"] != nil {
			continue // replaced by its internal test variant
		}
		u.target = true
	}
}

// toolchainLangVersion returns "go1.N" for the toolchain that built us.
func toolchainLangVersion() string {
	tags := build.Default.ReleaseTags
	if len(tags) > 0 {
		return tags[len(tags)-1]
	}
	return ""
}

// typesPath is the package path go/types should see: the import path
// without a test-variant suffix such as " [fmt.test]".
func typesPath(importPath string) string {
	if i := strings.Index(importPath, " ["); i >= 0 {
		return importPath[:i]
	}
	return importPath
}

// baseDir is the directory file names are made relative to: GOROOT/src
// (or GOPATH/src) for packages outside modules and for GOROOT packages,
// the module root otherwise.
func baseDir(p *listPkg) string {
	if !p.Goroot && p.Module != nil && p.Module.Dir != "" {
		return p.Module.Dir
	}
	if p.Root != "" {
		return filepath.Join(p.Root, "src")
	}
	return p.Dir
}

func displayName(p *listPkg, file string) string {
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(p.Dir, file)
	}
	if rel, err := filepath.Rel(baseDir(p), abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func (d *dumper) check(u *unit) {
	p := u.lp
	var files []*ast.File
	var errs []error
	for _, name := range p.GoFiles {
		abs := name
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(p.Dir, name)
		}
		src, err := os.ReadFile(abs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// The file is registered under its display name so that every
		// position (including declarations in other packages) prints
		// relative to its own base directory.
		f, err := parser.ParseFile(d.fset, displayName(p, name), src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err)
		}
		if f != nil {
			files = append(files, f)
		}
	}

	var info *types.Info
	if u.target {
		info = &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Implicits:  map[ast.Node]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
			Instances:  map[*ast.Ident]types.Instance{},
		}
	}
	goVersion := d.defaultGoVersion
	if p.Module != nil && p.Module.GoVersion != "" && !p.Goroot {
		goVersion = "go" + p.Module.GoVersion
	}
	conf := types.Config{
		GoVersion:   goVersion,
		Sizes:       d.sizes,
		FakeImportC: false,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if m, ok := p.ImportMap[path]; ok {
				path = m
			}
			du := d.units[path]
			if du == nil {
				return nil, fmt.Errorf("package %q not in go list output", path)
			}
			if !slices.Contains(u.deps, du) {
				// Not among the package's Imports (an import cycle):
				// it may not be checked yet, so don't wait for it.
				return nil, fmt.Errorf("package %q is not a checked dependency of %q (import cycle?)", path, p.ImportPath)
			}
			if du.pkg == nil {
				return nil, fmt.Errorf("package %q failed to type-check", path)
			}
			return du.pkg, nil
		}),
		Error: func(err error) { errs = append(errs, err) },
	}
	pkg, _ := conf.Check(typesPath(p.ImportPath), d.fset, files, info)
	u.pkg = pkg
	if !u.target {
		u.depErrs = len(errs)
		return
	}
	u.nfiles = len(files)
	var listErrs []string
	if p.Error != nil {
		listErrs = append(listErrs, "go list: "+p.Error.Err)
	}
	for _, e := range p.DepsErrors {
		listErrs = append(listErrs, "go list: "+e.Err)
	}
	u.out, u.counts = d.format(p, info, errs, listErrs)
}

// line is one output line with its sort key.
type line struct {
	file       string
	start, end int
	text       string
}

func (d *dumper) qualifier(p *types.Package) string { return p.Path() }

func (d *dumper) typeString(t types.Type) string {
	if t == nil {
		return "-"
	}
	return types.TypeString(t, d.qualifier)
}

// pos returns the file (display name) and byte offset of pos, ignoring
// //line directives.
func (d *dumper) pos(pos token.Pos) (string, int) {
	if !pos.IsValid() {
		return "-", -1
	}
	f := d.fset.File(pos)
	if f == nil {
		return "-", -1
	}
	return f.Name(), f.Offset(pos)
}

func objKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	case *types.TypeName:
		return "type"
	case *types.Func:
		return "func"
	case *types.PkgName:
		return "pkgname"
	case *types.Label:
		return "label"
	case *types.Builtin:
		return "builtin"
	case *types.Nil:
		return "nil"
	}
	return fmt.Sprintf("%T", obj)
}

// objType is the type column of D and X lines.
func (d *dumper) objType(obj types.Object) string {
	if pn, ok := obj.(*types.PkgName); ok {
		return "package " + pn.Imported().Path()
	}
	return d.typeString(obj.Type())
}

func mode(tv types.TypeAndValue) string {
	switch {
	case tv.IsVoid():
		return "novalue"
	case tv.IsType():
		return "type"
	case tv.IsBuiltin():
		return "builtin"
	case tv.Value != nil:
		return "constant"
	case tv.IsNil():
		return "nil"
	case tv.Addressable():
		return "variable"
	case tv.Assignable():
		return "mapindex"
	case tv.HasOk():
		return "commaok"
	case tv.IsValue():
		return "value"
	}
	return "invalid"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var escaper = strings.NewReplacer("\\", `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`)

func (d *dumper) format(p *listPkg, info *types.Info, errs []error, listErrs []string) ([]byte, map[byte]int) {
	counts := map[byte]int{}
	var lines []line
	add := func(cat byte, file string, start, end int, text string) {
		if !d.cats[cat] {
			return
		}
		counts[cat]++
		lines = append(lines, line{file, start, end, text})
	}

	for e, tv := range info.Types {
		file, start := d.pos(e.Pos())
		_, end := d.pos(e.End())
		exact, str := "-", "-"
		if tv.Value != nil {
			exact, str = tv.Value.ExactString(), tv.Value.String()
		}
		add('E', file, start, end, fmt.Sprintf("E\t%s:%d-%d\t%T\t%s\t%s\t%s\t%s",
			file, start, end, e, mode(tv), d.typeString(tv.Type), exact, str))
	}
	for id, obj := range info.Defs {
		if obj == nil {
			continue
		}
		file, off := d.pos(id.Pos())
		add('D', file, off, off, fmt.Sprintf("D\t%s:%d\t%s\t%s\t%s",
			file, off, id.Name, objKind(obj), d.objType(obj)))
	}
	for id, obj := range info.Uses {
		file, off := d.pos(id.Pos())
		pkgPath, decl := "-", "universe"
		if obj.Pkg() != nil {
			pkgPath = obj.Pkg().Path()
			df, doff := d.pos(obj.Pos())
			decl = "-"
			if doff >= 0 {
				decl = df + ":" + strconv.Itoa(doff)
			}
		}
		add('U', file, off, off, fmt.Sprintf("U\t%s:%d\t%s\t%s\t%s\t%s",
			file, off, id.Name, objKind(obj), pkgPath, decl))
	}
	for n, obj := range info.Implicits {
		file, off := d.pos(n.Pos())
		add('X', file, off, off, fmt.Sprintf("X\t%s:%d\t%T\t%s\t%s\t%s",
			file, off, n, orDash(obj.Name()), objKind(obj), d.objType(obj)))
	}
	for se, sel := range info.Selections {
		file, off := d.pos(se.Sel.Pos())
		var kind string
		switch sel.Kind() {
		case types.FieldVal:
			kind = "field"
		case types.MethodVal:
			kind = "method"
		case types.MethodExpr:
			kind = "methodexpr"
		}
		idx := make([]string, len(sel.Index()))
		for i, x := range sel.Index() {
			idx[i] = strconv.Itoa(x)
		}
		add('S', file, off, off, fmt.Sprintf("S\t%s:%d\t%s\t%s\t%s\t%s\t%t",
			file, off, kind, d.typeString(sel.Recv()), types.ObjectString(sel.Obj(), d.qualifier),
			strings.Join(idx, "."), sel.Indirect()))
	}
	for id, inst := range info.Instances {
		file, off := d.pos(id.Pos())
		targs := make([]string, inst.TypeArgs.Len())
		for i := range targs {
			targs[i] = d.typeString(inst.TypeArgs.At(i))
		}
		add('I', file, off, off, fmt.Sprintf("I\t%s:%d\t%s\t[%s]\t%s",
			file, off, id.Name, strings.Join(targs, ", "), d.typeString(inst.Type)))
	}
	slices.SortFunc(lines, func(a, b line) int {
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return a.end - b.end
		}
		return strings.Compare(a.text, b.text)
	})

	// Errors: after the facts, sorted by file, line, column, message.
	type errLine struct {
		file      string
		line, col int
		msg       string
	}
	var elines []errLine
	if d.cats['!'] {
		for _, msg := range listErrs {
			elines = append(elines, errLine{"-", 0, 0, msg})
		}
		for _, err := range errs {
			el := errLine{file: "-", msg: err.Error()}
			var terr types.Error
			var serr scanner.ErrorList
			switch {
			case errors.As(err, &terr):
				el.msg = terr.Msg
				if terr.Soft {
					el.msg += " (soft)"
				}
				if terr.Pos.IsValid() {
					pos := d.fset.PositionFor(terr.Pos, false)
					el.file, el.line, el.col = pos.Filename, pos.Line, pos.Column
				}
			case errors.As(err, &serr):
				// Report each syntax error separately.
				for _, se := range serr {
					elines = append(elines, errLine{se.Pos.Filename, se.Pos.Line, se.Pos.Column, se.Msg})
				}
				continue
			}
			elines = append(elines, el)
		}
		slices.SortFunc(elines, func(a, b errLine) int {
			if c := strings.Compare(a.file, b.file); c != 0 {
				return c
			}
			if a.line != b.line {
				return a.line - b.line
			}
			if a.col != b.col {
				return a.col - b.col
			}
			return strings.Compare(a.msg, b.msg)
		})
		elines = slices.Compact(elines)
		counts['!'] = len(elines)
	}

	var buf bytes.Buffer
	buf.WriteString("# package ")
	buf.WriteString(p.ImportPath)
	buf.WriteByte('\n')
	for _, l := range lines {
		buf.WriteString(l.text)
		buf.WriteByte('\n')
	}
	for _, e := range elines {
		fmt.Fprintf(&buf, "!\t%s:%d:%d\t%s\n", e.file, e.line, e.col, escaper.Replace(e.msg))
	}
	return buf.Bytes(), counts
}
