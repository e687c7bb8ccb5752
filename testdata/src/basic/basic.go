// Copyright 2026 The testgen fixtures.

// Package basic covers functions tested in each way an internal test can.
package basic

import "errors"

// Point is a point in the plane.
type Point struct{ X, Y float64 }

// Centroid returns the mean of pts.
func Centroid(pts []Point) (Point, error) { // want "exported function Centroid has no test"
	if len(pts) == 0 {
		return Point{}, errors.New("no points")
	}
	return pts[0], nil
}

// Scale is tested by name: TestPoint_Scale.
func (p Point) Scale(k float64) Point { return Point{p.X * k, p.Y * k} }

// Add is tested by a call in a test.
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Norm is tested through a method value.
func (p *Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }

// Origin is tested through a function value.
func Origin() Point { return Point{} }

// Parse is tested by name with a suffix: TestParse_empty.
func Parse(s string) (Point, error) { return Point{}, nil }

// Len is untested: its only test is an unfilled skeleton.
func Len(pts []Point) int { return len(pts) } // want "exported function Len has no test; TestLen has no test cases yet"

// Max is an untested generic function.
func Max[T int | float64](a, b T) T { // want "exported function Max has no test"
	if a > b {
		return a
	}
	return b
}

// Hidden is not reported.
//
//testgen:ignore
func Hidden() {}

// Old is not reported.
//
// Deprecated: use Centroid.
func Old() {}

type unexported struct{}

// Do is a method of an unexported type: not reported.
func (unexported) Do() {}
