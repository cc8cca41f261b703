// Command constcheck is the oracle for goescape's constant arithmetic: it
// evaluates queries about Go constant values with the real go/constant and
// go/types packages, one per input line, and prints one answer per line.
//
// Values are prefix expressions (see eval); queries are
//
//	val E            kind|String|ExactString
//	cmp OP E E       true or false
//	f64 E, f32 E     bits in hex|exact
//	i64 E, u64 E     the value, or inexact
//	sign E, bitlen E
//	shift OP E E     like val, for the constant shift E OP E as go/types checks it
//	repr TYPE E      ok|String|ExactString of E as a constant of TYPE, or err|reason
//
// Anything go/constant rejects (by panicking) or the checker reports
// prints "error".
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fmt.Fprintln(out, answer(strings.Fields(in.Text())))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// answer evaluates one query; go/constant panics on invalid operations.
func answer(words []string) (result string) {
	defer func() {
		if recover() != nil {
			result = "error"
		}
	}()
	query, args := words[0], words[1:]
	switch query {
	case "val":
		return show(value(args))
	case "cmp":
		x, rest := eval(args[1:])
		y, _ := eval(rest)
		return strconv.FormatBool(constant.Compare(x, comparison[args[0]], y))
	case "f64":
		f, exact := constant.Float64Val(value(args))
		return fmt.Sprintf("%016x|%v", math.Float64bits(f), exact)
	case "f32":
		f, exact := constant.Float32Val(value(args))
		return fmt.Sprintf("%08x|%v", math.Float32bits(f), exact)
	case "i64":
		if i, exact := constant.Int64Val(value(args)); exact {
			return strconv.FormatInt(i, 10)
		}
		return "inexact"
	case "u64":
		if u, exact := constant.Uint64Val(value(args)); exact {
			return strconv.FormatUint(u, 10)
		}
		return "inexact"
	case "sign":
		return strconv.Itoa(constant.Sign(value(args)))
	case "bitlen":
		return strconv.Itoa(constant.BitLen(value(args)))
	case "shift":
		x, rest := eval(args[1:])
		y, _ := eval(rest)
		return shift(x, args[0], y)
	case "repr":
		return represent(value(args[1:]), args[0])
	}
	panic("unknown query " + query)
}

func value(args []string) constant.Value {
	v, _ := eval(args)
	return v
}

func show(v constant.Value) string {
	return fmt.Sprintf("%v|%s|%s", v.Kind(), v.String(), v.ExactString())
}

var binary = map[string]token.Token{
	"+": token.ADD, "-": token.SUB, "*": token.MUL, "/": token.QUO,
	"div": token.QUO_ASSIGN, "%": token.REM, "&": token.AND, "|": token.OR,
	"^": token.XOR, "&^": token.AND_NOT, "&&": token.LAND, "||": token.LOR,
}

var comparison = map[string]token.Token{
	"==": token.EQL, "!=": token.NEQ, "<": token.LSS,
	"<=": token.LEQ, ">": token.GTR, ">=": token.GEQ,
}

// eval reads one prefix expression from words and returns its value and
// the words after it. Atoms are i:INT, f:FLOAT, j:IMAG (literal text),
// c:CODEPOINT, s:HEXBYTES, b:BOOL, d:FLOAT64BITS and u: (unknown);
// operations are "( op args... )" with the binary operators above, and
// neg, pos, not, cpl BITS, toint, tofloat, tocomplex, real, imag, complex,
// str (the conversion string(x)).
func eval(words []string) (constant.Value, []string) {
	word, rest := words[0], words[1:]
	if word != "(" {
		return atom(word), rest
	}
	op, rest := rest[0], rest[1:]
	var args []constant.Value
	var bits uint
	if op == "cpl" {
		n, _ := strconv.ParseUint(rest[0], 10, 32)
		bits, rest = uint(n), rest[1:]
	}
	for rest[0] != ")" {
		var v constant.Value
		v, rest = eval(rest)
		args = append(args, v)
	}
	return apply(op, bits, args), rest[1:]
}

func atom(word string) constant.Value {
	tag, text, _ := strings.Cut(word, ":")
	switch tag {
	case "i":
		return constant.MakeFromLiteral(text, token.INT, 0)
	case "f":
		return constant.MakeFromLiteral(text, token.FLOAT, 0)
	case "j":
		return constant.MakeFromLiteral(text, token.IMAG, 0)
	case "c":
		code, _ := strconv.ParseInt(text, 10, 32)
		return constant.MakeFromLiteral(strconv.QuoteRune(rune(code)), token.CHAR, 0)
	case "s":
		b, err := hex.DecodeString(text)
		if err != nil {
			panic(err)
		}
		return constant.MakeFromLiteral(strconv.Quote(string(b)), token.STRING, 0)
	case "b":
		return constant.MakeBool(text == "true")
	case "d":
		bits, _ := strconv.ParseUint(text, 16, 64)
		return constant.MakeFloat64(math.Float64frombits(bits))
	case "u":
		return constant.MakeUnknown()
	}
	panic("bad atom " + word)
}

func apply(op string, bits uint, args []constant.Value) constant.Value {
	switch op {
	case "neg":
		return constant.UnaryOp(token.SUB, args[0], 0)
	case "pos":
		return constant.UnaryOp(token.ADD, args[0], 0)
	case "not":
		return constant.UnaryOp(token.NOT, args[0], 0)
	case "cpl":
		return constant.UnaryOp(token.XOR, args[0], bits)
	case "toint":
		return constant.ToInt(args[0])
	case "tofloat":
		return constant.ToFloat(args[0])
	case "tocomplex":
		return constant.ToComplex(args[0])
	case "real":
		return constant.Real(args[0])
	case "imag":
		return constant.Imag(args[0])
	case "complex":
		return constant.BinaryOp(args[0], token.ADD, constant.MakeImag(args[1]))
	case "str":
		// The checker's constant conversion string(x) of an integer.
		if args[0].Kind() != constant.Int {
			return constant.MakeUnknown()
		}
		code := unicode.ReplacementChar
		if u, ok := constant.Uint64Val(args[0]); ok && u <= unicode.MaxRune {
			code = rune(u)
		}
		return constant.MakeString(string(code))
	}
	tok, ok := binary[op]
	if !ok {
		panic("bad operator " + op)
	}
	x, y := args[0], args[1]
	if (tok == token.QUO || tok == token.QUO_ASSIGN || tok == token.REM) && zeroDivisor(y) {
		panic("division by zero") // the checker's check precedes go/constant
	}
	return constant.BinaryOp(x, tok, y)
}

// zeroDivisor mirrors the type checker's test before a division: a zero
// divisor, or a complex one whose squared parts both underflow.
func zeroDivisor(y constant.Value) bool {
	if constant.Sign(y) == 0 {
		return true
	}
	if y.Kind() != constant.Complex {
		return false
	}
	re, im := constant.Real(y), constant.Imag(y)
	re2 := constant.BinaryOp(re, token.MUL, re)
	im2 := constant.BinaryOp(im, token.MUL, im)
	return constant.Sign(re2) == 0 && constant.Sign(im2) == 0
}

// source spells a value as an untyped Go constant expression of its kind.
func source(v constant.Value) string {
	switch v.Kind() {
	case constant.Int, constant.Bool, constant.String:
		return v.ExactString()
	case constant.Float:
		s := v.ExactString()
		if num, den, ok := strings.Cut(s, "/"); ok {
			// Float operands: untyped integers are limited to 512 bits.
			return "(" + num + ".0/" + den + ".0)"
		}
		if strings.Contains(s, "p") {
			return "(" + s + ")"
		}
		return "(" + s + ".0)"
	case constant.Complex:
		return "(" + source(constant.ToFloat(constant.Real(v))) + " + " +
			source(constant.ToFloat(constant.Imag(v))) + "*1i)"
	}
	panic("no source for " + v.String())
}

// shift evaluates the constant shift x op y with go/types.
func shift(x constant.Value, op string, y constant.Value) string {
	if x.Kind() == constant.Unknown || y.Kind() == constant.Unknown {
		return show(constant.MakeUnknown())
	}
	tv, err := types.Eval(token.NewFileSet(), nil, token.NoPos, source(x)+" "+op+" "+source(y))
	switch {
	case err == nil:
		return show(tv.Value)
	case strings.Contains(err.Error(), "negative shift count"):
		return "err|negative"
	case strings.Contains(err.Error(), "shift count"), strings.Contains(err.Error(), "uint"):
		return "err|count" // including counts not representable as uint
	case strings.Contains(err.Error(), "shifted operand"):
		return "err|operand"
	case strings.Contains(err.Error(), "overflow"):
		return "err|overflow"
	}
	return "err|" + err.Error()
}

// represent type-checks "const c TYPE = x" and reports the constant's value
// or why it does not fit.
func represent(x constant.Value, typ string) string {
	if x.Kind() == constant.Unknown {
		return "unknown"
	}
	src := "package p\nconst c " + typ + " = " + source(x) + "\n"
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		return "err|" + err.Error()
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	_, err = new(types.Config).Check("p", fset, []*ast.File{file}, info)
	switch {
	case err == nil:
		return "ok|" + show(info.Defs[file.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Names[0]].(*types.Const).Val())
	case strings.Contains(err.Error(), "truncated"):
		return "err|truncated"
	case strings.Contains(err.Error(), "overflows"):
		return "err|overflows"
	}
	if os.Getenv("CONSTCHECK_DEBUG") != "" {
		fmt.Fprintln(os.Stderr, err) // to tell a real mismatch from a bad query
	}
	return "err|mismatch"
}
