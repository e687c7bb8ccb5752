package characterize

import (
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// A value is a Go value as the probe records it, or as an input is chosen.
// The JSON form is what the probe prints, so field names stay short.
type value struct {
	// Nil is set for nil pointers, slices, maps, interfaces, funcs and chans.
	Nil bool `json:"n,omitempty"`
	// Lit is the literal of a basic value: a decimal integer, a float in
	// strconv 'g' -1 form or "+Inf", "-Inf", "-0", a quoted string, or a bool.
	Lit string `json:"l,omitempty"`
	// Elems holds struct fields in declaration order, slice and array
	// elements, map values, a pointer's target or an interface's dynamic
	// value.
	Elems []*value `json:"e,omitempty"`
	// Keys holds map keys, parallel to Elems.
	Keys []*value `json:"k,omitempty"`
	// Dyn is the reflect type string of an interface's dynamic value.
	Dyn string `json:"d,omitempty"`
	// Bad is the reason the value cannot be written as Go source.
	Bad string `json:"b,omitempty"`
	// Empty marks a non-nil empty slice or map, which Elems cannot show.
	Empty bool `json:"z,omitempty"`
	// harvested marks an input equal to a constant of the code, which
	// sits on a boundary of a comparison with it.
	harvested bool
}

// lit returns a basic value.
func lit(s string) *value { return &value{Lit: s} }

// A renderer writes values as Go expressions of a given type, as one test
// package must spell them.
type renderer struct {
	// pkg is the package under test.
	pkg *types.Package
	// external is set when the code goes into the external test package,
	// which cannot name unexported identifiers of pkg.
	external bool
	// newExpr allows new(expr), which needs go 1.26 in the module's go.mod.
	newExpr bool
	// alias returns the local name for an imported package, nil to use
	// the package's own name.
	alias func(path, name string) string
	// imports collects the import paths the rendered code needs.
	imports map[string]string
}

func newRenderer(pkg *types.Package, external, newExpr bool, alias func(path, name string) string) *renderer {
	return &renderer{pkg: pkg, external: external, newExpr: newExpr, alias: alias, imports: map[string]string{}}
}

// qualify is a types.Qualifier that records imports.
func (r *renderer) qualify(p *types.Package) string {
	if p.Path() == r.pkg.Path() && !r.external {
		return ""
	}
	return r.importName(p.Path(), p.Name())
}

// importName records that the code uses the package at path, whose
// package clause says name, and returns the name the code refers to it by.
func (r *renderer) importName(path, name string) string {
	local := name
	if r.alias != nil {
		local = r.alias(path, name)
	}
	if local == name {
		r.imports[path] = ""
	} else {
		r.imports[path] = local
	}
	return local
}

// typeString spells t for the test package.
func (r *renderer) typeString(t types.Type) string {
	return types.TypeString(t, r.qualify)
}

// pkgRef returns the qualifier for an identifier of pkg, "" inside it.
func (r *renderer) pkgRef(p *types.Package) string {
	if q := r.qualify(p); q != "" {
		return q + "."
	}
	return ""
}

// canSee reports whether the test package can name field or object name
// declared in package p.
func (r *renderer) canSee(p *types.Package, name string) bool {
	if token.IsExported(name) {
		return true
	}
	return p != nil && p.Path() == r.pkg.Path() && !r.external
}

// expr writes v as an expression assignable to t. The expression is meant
// for a context already typed as t (a table field, an argument, an
// element), so basic values stay untyped constants.
func (r *renderer) expr(v *value, t types.Type) (string, error) {
	if v == nil {
		return "", fmt.Errorf("missing value of type %s", r.typeString(t))
	}
	if v.Bad != "" {
		return "", fmt.Errorf("value of type %s cannot be written: %s", r.typeString(t), v.Bad)
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return r.basic(v, u)
	case *types.Pointer:
		if v.Nil {
			return "nil", nil
		}
		if len(v.Elems) != 1 {
			return "", fmt.Errorf("pointer value without target")
		}
		elem := u.Elem()
		if _, ok := elem.Underlying().(*types.Struct); ok {
			s, err := r.expr(v.Elems[0], elem)
			if err != nil {
				return "", err
			}
			return "&" + s, nil
		}
		if !r.newExpr {
			return "", fmt.Errorf("a pointer to %s needs new(expr), which needs go 1.26 in go.mod", r.typeString(elem))
		}
		s, err := r.expr(v.Elems[0], elem)
		if err != nil {
			return "", err
		}
		return "new(" + r.typeString(elem) + "(" + s + "))", nil
	case *types.Slice:
		if v.Nil {
			return "nil", nil
		}
		return r.elems(v, t, u.Elem())
	case *types.Array:
		if isZeroValue(v, t) {
			return r.typeString(t) + "{}", nil
		}
		return r.elems(v, t, u.Elem())
	case *types.Map:
		if v.Nil {
			return "nil", nil
		}
		if len(v.Keys) != len(v.Elems) {
			return "", fmt.Errorf("map value with %d keys and %d values", len(v.Keys), len(v.Elems))
		}
		var parts []string
		for i := range v.Keys {
			k, err := r.expr(v.Keys[i], u.Key())
			if err != nil {
				return "", err
			}
			e, err := r.expr(v.Elems[i], u.Elem())
			if err != nil {
				return "", err
			}
			parts = append(parts, k+": "+e)
		}
		return r.typeString(t) + "{" + strings.Join(parts, ", ") + "}", nil
	case *types.Struct:
		return r.structLit(v, t, u)
	case *types.Interface:
		if v.Nil {
			return "nil", nil
		}
		return r.dynamic(v)
	case *types.Signature, *types.Chan:
		if v.Nil {
			return "nil", nil
		}
		return "", fmt.Errorf("a non-nil %s cannot be written as a literal", r.typeString(t))
	}
	return "", fmt.Errorf("values of type %s cannot be written as literals", r.typeString(t))
}

func (r *renderer) basic(v *value, b *types.Basic) (string, error) {
	if v.Nil || v.Lit == "" {
		return "", fmt.Errorf("missing literal for %s", b)
	}
	info := b.Info()
	switch {
	case info&types.IsFloat != 0:
		switch v.Lit {
		case "+Inf":
			return r.importName("math", "math") + ".Inf(1)", nil
		case "-Inf":
			return r.importName("math", "math") + ".Inf(-1)", nil
		case "-0":
			return r.importName("math", "math") + ".Copysign(0, -1)", nil
		}
		return v.Lit, nil
	case info&(types.IsInteger|types.IsBoolean|types.IsString) != 0:
		return v.Lit, nil
	}
	return "", fmt.Errorf("values of type %s cannot be written as literals", b)
}

// elems writes a slice or array literal.
func (r *renderer) elems(v *value, t, elem types.Type) (string, error) {
	parts := make([]string, 0, len(v.Elems))
	for _, e := range v.Elems {
		s, err := r.expr(e, elem)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return r.typeString(t) + "{" + strings.Join(parts, ", ") + "}", nil
}

// structLit writes a keyed composite literal and leaves out zero fields, so
// a struct with fields the test package cannot name still renders while
// those fields are zero.
func (r *renderer) structLit(v *value, t types.Type, s *types.Struct) (string, error) {
	if len(v.Elems) != 0 && len(v.Elems) != s.NumFields() {
		return "", fmt.Errorf("struct value with %d of %d fields", len(v.Elems), s.NumFields())
	}
	var parts []string
	for i, e := range v.Elems {
		if isZeroValue(e, s.Field(i).Type()) {
			continue
		}
		f := s.Field(i)
		if f.Name() == "_" || !r.canSee(f.Pkg(), f.Name()) {
			return "", fmt.Errorf("field %s of %s is not zero and the test package cannot set it", f.Name(), r.typeString(t))
		}
		fs, err := r.expr(e, f.Type())
		if err != nil {
			return "", err
		}
		parts = append(parts, f.Name()+": "+fs)
	}
	return r.typeString(t) + "{" + strings.Join(parts, ", ") + "}", nil
}

// basicNames are the reflect type strings of the predeclared basic types,
// which an interface value's dynamic type can be converted back from.
var basicNames = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true,
}

// dynamic writes the value stored in an interface as a conversion, which
// keeps its dynamic type. Only predeclared basic types and named types of
// the package under test are resolved from the reflect type string.
func (r *renderer) dynamic(v *value) (string, error) {
	if len(v.Elems) != 1 {
		return "", fmt.Errorf("interface value without dynamic value")
	}
	var t types.Type
	switch {
	case basicNames[v.Dyn]:
		t = types.Universe.Lookup(v.Dyn).Type()
	case strings.HasPrefix(v.Dyn, r.pkg.Name()+"."):
		obj, ok := r.pkg.Scope().Lookup(strings.TrimPrefix(v.Dyn, r.pkg.Name()+".")).(*types.TypeName)
		if !ok || !r.canSee(r.pkg, obj.Name()) {
			return "", fmt.Errorf("dynamic type %s cannot be named", v.Dyn)
		}
		t = obj.Type()
	case strings.HasPrefix(v.Dyn, "*"+r.pkg.Name()+"."):
		obj, ok := r.pkg.Scope().Lookup(strings.TrimPrefix(v.Dyn, "*"+r.pkg.Name()+".")).(*types.TypeName)
		if !ok || !r.canSee(r.pkg, obj.Name()) {
			return "", fmt.Errorf("dynamic type %s cannot be named", v.Dyn)
		}
		t = types.NewPointer(obj.Type())
	default:
		return "", fmt.Errorf("dynamic type %s cannot be named", v.Dyn)
	}
	s, err := r.expr(v.Elems[0], t)
	if err != nil {
		return "", err
	}
	switch t.Underlying().(type) {
	case *types.Struct, *types.Pointer, *types.Slice, *types.Map, *types.Array:
		if s != "nil" {
			return s, nil
		}
	}
	return r.typeString(t) + "(" + s + ")", nil
}

// isZeroValue reports whether v is the zero value of type t. A non-nil
// pointer, slice or map is never zero, whatever it holds.
func isZeroValue(v *value, t types.Type) bool {
	if v == nil || v.Nil {
		return true
	}
	if v.Bad != "" {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch v.Lit {
		case "0", `""`, "false":
			return true
		}
		f, err := strconv.ParseFloat(v.Lit, 64)
		return err == nil && f == 0 && v.Lit != "-0" && u.Info()&types.IsNumeric != 0
	case *types.Struct:
		for i, e := range v.Elems {
			if i < u.NumFields() && !isZeroValue(e, u.Field(i).Type()) {
				return false
			}
		}
		return true
	case *types.Array:
		for _, e := range v.Elems {
			if !isZeroValue(e, u.Elem()) {
				return false
			}
		}
		return true
	}
	return false
}

// zeroValue returns the zero value of t.
func zeroValue(t types.Type) *value {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return lit("false")
		case u.Info()&types.IsString != 0:
			return lit(`""`)
		case u.Info()&types.IsNumeric != 0:
			return lit("0")
		}
		return &value{Bad: "unsupported basic type " + u.String()}
	case *types.Struct:
		v := &value{}
		for i := range u.NumFields() {
			v.Elems = append(v.Elems, zeroValue(u.Field(i).Type()))
		}
		return v
	case *types.Array:
		v := &value{}
		for range u.Len() {
			v.Elems = append(v.Elems, zeroValue(u.Elem()))
		}
		return v
	default:
		return &value{Nil: true}
	}
}

// valueKey returns a string that is equal for equal values.
func valueKey(v *value) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%p", v)
	}
	return string(b)
}
