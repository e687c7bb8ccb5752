package deprecated

// Old is reported under -deprecated.
//
// Deprecated: use New.
func Old() {} // want "exported function Old has no test"
