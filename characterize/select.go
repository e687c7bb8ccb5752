package characterize

import (
	"fmt"
	"sort"
)

// selectInputs picks at most limit inputs of one plan. It first runs a
// greedy set cover over the coverage blocks each input reached, taking
// the input that adds the most blocks until none adds any. Then it adds
// inputs whose outcome differs from every outcome chosen so far, because
// they pin results along a branch and not just the branch. usable reports
// which inputs produced a record that the test can be written from.
func selectInputs(ins []*input, recs map[int][]*record, limit int, usable func(*input) bool) []*input {
	var pool []*input
	for _, in := range ins {
		if usable(in) {
			pool = append(pool, in)
		}
	}

	chosen := map[int]bool{}
	covered := map[int]bool{}
	var out []*input
	take := func(in *input) {
		chosen[in.id] = true
		for _, b := range recs[in.id][0].Cover {
			covered[b] = true
		}
		out = append(out, in)
	}

	for len(out) < limit {
		var best *input
		bestGain := 0
		for _, in := range pool {
			if chosen[in.id] {
				continue
			}
			gain := 0
			for _, b := range recs[in.id][0].Cover {
				if !covered[b] {
					gain++
				}
			}
			// Ties go to the earlier input, which is the simpler one.
			if gain > bestGain {
				best, bestGain = in, gain
			}
		}
		if best == nil {
			break
		}
		take(best)
	}

	// Then the inputs with a new outcome, and after them those that reach
	// a known outcome along a new path. Among them, take the one whose
	// arguments differ from those of the inputs taken in the most
	// positions, so that the table does not fill up with one argument
	// varied alone.
	for _, key := range []func(*record) string{(*record).outcome, pathOutcome} {
		seen := map[string]bool{}
		for _, in := range out {
			seen[key(recs[in.id][0])] = true
		}
		for len(out) < limit {
			var best *input
			bestScore := -1
			for _, in := range pool {
				if chosen[in.id] || seen[key(recs[in.id][0])] {
					continue
				}
				// Ties go to the earlier input, which is the simpler one.
				if score := distance(in, out); score > bestScore {
					best, bestScore = in, score
				}
			}
			if best == nil {
				break
			}
			take(best)
			seen[key(recs[best.id][0])] = true
		}
	}

	// An input equal to a constant of the code sits on the boundary of a
	// comparison, where an off-by-one change would show.
	for _, in := range pool {
		if len(out) >= limit {
			break
		}
		if !chosen[in.id] && onBoundary(in) {
			take(in)
		}
	}

	// Without coverage (the instrumentation failed) the first input still
	// pins the zero-value behaviour.
	if len(out) == 0 && len(pool) > 0 {
		take(pool[0])
	}

	// The table lists cases in candidate order: zero values first.
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// onBoundary reports whether an argument of in is a harvested constant.
func onBoundary(in *input) bool {
	for _, a := range in.args {
		if a.harvested {
			return true
		}
	}
	return false
}

// distance returns the smallest number of argument positions in which in
// differs from an input of taken; len(in.args) when taken is empty.
func distance(in *input, taken []*input) int {
	d := len(in.args)
	for _, t := range taken {
		n := 0
		for i, a := range in.args {
			if i < len(t.args) && valueKey(a) != valueKey(t.args[i]) {
				n++
			}
		}
		d = min(d, n)
	}
	return d
}

// pathOutcome keys a record by its outcome and the blocks it ran: the same
// result reached along another branch, as Max(0, 1) and Max(1, 0) reach
// 1, pins a different piece of the code.
func pathOutcome(rec *record) string {
	blocks := append([]int(nil), rec.Cover...)
	sort.Ints(blocks)
	return fmt.Sprint(rec.outcome(), blocks)
}
