package characterize

import "sort"

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
	outcomes := map[string]bool{}
	var out []*input
	take := func(in *input) {
		chosen[in.id] = true
		rec := recs[in.id][0]
		for _, b := range rec.Cover {
			covered[b] = true
		}
		outcomes[rec.outcome()] = true
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

	for _, in := range pool {
		if len(out) >= limit {
			break
		}
		if !chosen[in.id] && !outcomes[recs[in.id][0].outcome()] {
			take(in)
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
