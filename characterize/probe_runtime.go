package characterize

// probeRuntime is the part of the probe that does not depend on the
// requests: it runs each call with panics recovered and a time limit, and
// prints what the call returned as JSON. It uses only the standard
// library, because the module under test cannot gain dependencies.
const probeRuntime = `
type testgenCall struct {
	started bool
	setup   string
	results []testgenreflect.Value
	err     error
	hasErr  bool
	recv    testgenreflect.Value
}

type testgenValue struct {
	Nil   bool            ` + "`json:\"n,omitempty\"`" + `
	Lit   string          ` + "`json:\"l,omitempty\"`" + `
	Elems []*testgenValue ` + "`json:\"e,omitempty\"`" + `
	Keys  []*testgenValue ` + "`json:\"k,omitempty\"`" + `
	Dyn   string          ` + "`json:\"d,omitempty\"`" + `
	Bad   string          ` + "`json:\"b,omitempty\"`" + `
	Empty bool            ` + "`json:\"z,omitempty\"`" + `
}

type testgenRecord struct {
	ID      int             ` + "`json:\"id\"`" + `
	Setup   string          ` + "`json:\"setup,omitempty\"`" + `
	Timeout bool            ` + "`json:\"timeout,omitempty\"`" + `
	Results []*testgenValue ` + "`json:\"results,omitempty\"`" + `
	Err     *string         ` + "`json:\"err,omitempty\"`" + `
	Is      []string        ` + "`json:\"is,omitempty\"`" + `
	Panic   *string         ` + "`json:\"panic,omitempty\"`" + `
	Recv    *testgenValue   ` + "`json:\"recv,omitempty\"`" + `
	Cover   []int           ` + "`json:\"cover,omitempty\"`" + `
}

func testgenProbeRun(id int, f func(c *testgenCall)) {
	testgenos.Stdout.WriteString("\n` + startMarker + `" + testgenstrconv.Itoa(id) + "\n")
	testgenResetCover()
	c := &testgenCall{}
	rec := testgenRecord{ID: id}
	done := make(chan interface{}, 1)
	go func() {
		defer func() { done <- recover() }()
		f(c)
	}()
	timer := testgentime.NewTimer(testgenCallTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		rec.Cover = testgenCovered()
		switch {
		case c.setup != "":
			rec.Setup = c.setup
		case r != nil && !c.started:
			rec.Setup = "panic: " + testgenfmt.Sprint(r)
		case r != nil:
			msg := testgenPanicMessage(r)
			rec.Panic = &msg
		default:
			testgenFill(&rec, c)
		}
	case <-timer.C:
		// The call may still be running; its goroutine is abandoned.
		rec.Timeout = true
	}
	data, err := testgenjson.Marshal(rec)
	if err != nil {
		data, _ = testgenjson.Marshal(testgenRecord{ID: id, Setup: "encoding: " + err.Error()})
	}
	testgenos.Stdout.WriteString("\n` + recordMarker + `" + string(data) + "\n")
}

func testgenPanicMessage(r interface{}) (msg string) {
	defer func() {
		if recover() != nil {
			msg = ""
		}
	}()
	return testgenfmt.Sprint(r)
}

func testgenFill(rec *testgenRecord, c *testgenCall) {
	for _, v := range c.results {
		rec.Results = append(rec.Results, testgenEncode(v, 0))
	}
	if c.hasErr && c.err != nil {
		msg, ok := testgenErrorMessage(c.err)
		if !ok {
			rec.Setup = "the error's Error method panicked"
			return
		}
		rec.Err = &msg
		for _, s := range testgenSentinels {
			if testgenerrors.Is(c.err, s.err) {
				rec.Is = append(rec.Is, s.name)
			}
		}
	}
	if c.recv.IsValid() {
		rec.Recv = testgenEncode(c.recv, 0)
	}
}

func testgenErrorMessage(err error) (msg string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return err.Error(), true
}

func testgenEncode(v testgenreflect.Value, depth int) *testgenValue {
	if depth > 10 {
		return &testgenValue{Bad: "nested too deep"}
	}
	switch v.Kind() {
	case testgenreflect.Bool:
		return &testgenValue{Lit: testgenstrconv.FormatBool(v.Bool())}
	case testgenreflect.Int, testgenreflect.Int8, testgenreflect.Int16, testgenreflect.Int32, testgenreflect.Int64:
		return &testgenValue{Lit: testgenstrconv.FormatInt(v.Int(), 10)}
	case testgenreflect.Uint, testgenreflect.Uint8, testgenreflect.Uint16, testgenreflect.Uint32, testgenreflect.Uint64, testgenreflect.Uintptr:
		return &testgenValue{Lit: testgenstrconv.FormatUint(v.Uint(), 10)}
	case testgenreflect.Float32, testgenreflect.Float64:
		return testgenFloat(v.Float(), v.Type().Bits())
	case testgenreflect.String:
		return &testgenValue{Lit: testgenstrconv.Quote(v.String())}
	case testgenreflect.Pointer:
		if v.IsNil() {
			return &testgenValue{Nil: true}
		}
		return &testgenValue{Elems: []*testgenValue{testgenEncode(v.Elem(), depth+1)}}
	case testgenreflect.Slice, testgenreflect.Array:
		if v.Kind() == testgenreflect.Slice && v.IsNil() {
			return &testgenValue{Nil: true}
		}
		if v.Len() > 64 {
			return &testgenValue{Bad: "more than 64 elements"}
		}
		out := &testgenValue{Empty: v.Len() == 0 && v.Kind() == testgenreflect.Slice}
		for i := 0; i < v.Len(); i++ {
			out.Elems = append(out.Elems, testgenEncode(v.Index(i), depth+1))
		}
		return out
	case testgenreflect.Map:
		if v.IsNil() {
			return &testgenValue{Nil: true}
		}
		if v.Len() > 64 {
			return &testgenValue{Bad: "more than 64 entries"}
		}
		type entry struct {
			key  string
			k, e *testgenValue
		}
		var entries []entry
		it := v.MapRange()
		for it.Next() {
			k := testgenEncode(it.Key(), depth+1)
			data, _ := testgenjson.Marshal(k)
			entries = append(entries, entry{string(data), k, testgenEncode(it.Value(), depth+1)})
		}
		testgensort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
		out := &testgenValue{Empty: len(entries) == 0}
		for _, e := range entries {
			out.Keys = append(out.Keys, e.k)
			out.Elems = append(out.Elems, e.e)
		}
		return out
	case testgenreflect.Struct:
		out := &testgenValue{}
		for i := 0; i < v.NumField(); i++ {
			out.Elems = append(out.Elems, testgenEncode(v.Field(i), depth+1))
		}
		return out
	case testgenreflect.Interface:
		if v.IsNil() {
			return &testgenValue{Nil: true}
		}
		e := v.Elem()
		return &testgenValue{Dyn: e.Type().String(), Elems: []*testgenValue{testgenEncode(e, depth+1)}}
	case testgenreflect.Func, testgenreflect.Chan, testgenreflect.UnsafePointer:
		if v.IsNil() {
			return &testgenValue{Nil: true}
		}
	}
	return &testgenValue{Bad: "a " + v.Kind().String() + " cannot be written as a literal"}
}

// testgenFloat writes f so that it reads back to the same bits; a NaN
// never compares equal, so it is not written at all.
func testgenFloat(f float64, bits int) *testgenValue {
	switch {
	case testgenmath.IsNaN(f):
		return &testgenValue{Bad: "NaN"}
	case testgenmath.IsInf(f, 1):
		return &testgenValue{Lit: "+Inf"}
	case testgenmath.IsInf(f, -1):
		return &testgenValue{Lit: "-Inf"}
	case f == 0 && testgenmath.Signbit(f):
		return &testgenValue{Lit: "-0"}
	}
	s := testgenstrconv.FormatFloat(f, 'g', -1, bits)
	back, err := testgenstrconv.ParseFloat(s, bits)
	if err != nil || back != f {
		return &testgenValue{Bad: "the float does not round-trip through " + s}
	}
	return &testgenValue{Lit: s}
}
`
