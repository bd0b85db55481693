package report

import (
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// A compact form of the Unicode Bidirectional Algorithm (UAX #9) for one
// line of a paragraph: weak and neutral types are resolved (W1–W7, N1–N2),
// levels assigned (I1–I2), trailing white space reset (L1) and runs reversed
// (L2). Explicit embeddings, overrides and isolates are not honoured: their
// control characters are dropped, so a title cannot use them to disguise
// itself. Characters come from golang.org/x/text's bidi class tables.

type bidiClass = bidi.Class

func classOf(r rune) bidiClass {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// paragraphRTL applies P2–P3: the first strong character decides.
func paragraphRTL(rs []rune) bool {
	for _, r := range rs {
		switch classOf(r) {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// isBidiControl reports characters that only steer the algorithm and draw
// nothing.
func isBidiControl(r rune) bool {
	switch classOf(r) {
	case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return r == 0x200E || r == 0x200F || r == 0x061C
}

// resolveTypes runs W1–W7 and N1–N2 and returns, for each rune, whether it
// resolves to R (true) or L, with numbers marked in nums.
func resolveTypes(rs []rune, rtl bool) (isR, nums []bool) {
	sos := bidi.L
	if rtl {
		sos = bidi.R
	}
	t := initialTypes(rs, sos)
	resolveSeparators(t)
	resolveTerminators(t)
	resolveEuropean(t, sos)
	return resolveNeutrals(t, rtl)
}

// initialTypes looks up each rune's class and applies W1–W3: marks take
// the class before them, numbers after Arabic letters are Arabic numbers,
// and Arabic letters count as R.
func initialTypes(rs []rune, sos bidiClass) []bidiClass {
	t := make([]bidiClass, len(rs))
	lastStrong := sos
	for i, r := range rs {
		c := classOf(r)
		if c == bidi.NSM {
			c = sos
			if i > 0 {
				c = t[i-1]
			}
		}
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			lastStrong = c
		case bidi.EN:
			if lastStrong == bidi.AL {
				c = bidi.AN
			}
		}
		t[i] = c
	}
	for i := range t {
		if t[i] == bidi.AL {
			t[i] = bidi.R
		}
	}
	return t
}

// resolveSeparators applies W4: one separator between two numbers of the
// same kind joins them.
func resolveSeparators(t []bidiClass) {
	for i := 1; i+1 < len(t); i++ {
		prev, next := t[i-1], t[i+1]
		switch {
		case t[i] == bidi.ES && prev == bidi.EN && next == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && (prev == bidi.EN || prev == bidi.AN) && next == prev:
			t[i] = prev
		}
	}
}

// resolveEuropean applies W6 and W7: leftover separators and terminators
// become neutral, and European numbers after L text are L.
func resolveEuropean(t []bidiClass, sos bidiClass) {
	lastStrong := sos
	for i := range t {
		switch t[i] {
		case bidi.ES, bidi.ET, bidi.CS:
			t[i] = bidi.ON
		case bidi.L, bidi.R:
			lastStrong = t[i]
		case bidi.EN:
			if lastStrong == bidi.L {
				t[i] = bidi.L
			}
		}
	}
}

// resolveNeutrals applies N1 and N2: a run of neutrals between two strong
// types of one direction takes it, otherwise the paragraph's.
func resolveNeutrals(t []bidiClass, rtl bool) (isR, nums []bool) {
	n := len(t)
	isR = make([]bool, n)
	nums = make([]bool, n)
	for i := 0; i < n; {
		if dir, ok := strongDir(t[i]); ok {
			isR[i] = dir
			nums[i] = t[i] == bidi.EN || t[i] == bidi.AN
			i++
			continue
		}
		j := i
		for j < n && !isStrong(t[j]) {
			j++
		}
		before, after := rtl, rtl // sos and eos are the paragraph direction
		if i > 0 {
			before, _ = strongDir(t[i-1])
		}
		if j < n {
			after, _ = strongDir(t[j])
		}
		dir := rtl
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			isR[k] = dir
		}
		i = j
	}
	return isR, nums
}

func isStrong(c bidiClass) bool {
	_, ok := strongDir(c)
	return ok
}

// resolveTerminators applies W5: European terminators next to European
// numbers become numbers.
func resolveTerminators(t []bidiClass) {
	for i := range t {
		if t[i] != bidi.EN {
			continue
		}
		for j := i - 1; j >= 0 && t[j] == bidi.ET; j-- {
			t[j] = bidi.EN
		}
		for j := i + 1; j < len(t) && t[j] == bidi.ET; j++ {
			t[j] = bidi.EN
		}
	}
}

// strongDir reports the direction a resolved type counts as for neutrals:
// numbers count as R (N1). ok is false for neutrals.
func strongDir(c bidiClass) (rtl, ok bool) {
	switch c {
	case bidi.L:
		return false, true
	case bidi.R, bidi.EN, bidi.AN:
		return true, true
	}
	return false, false
}

// visualOrder returns one line of a paragraph in display order. rtl is the
// paragraph's direction.
func visualOrder(rs []rune, rtl bool) []rune {
	if !rtl && !anyRTL(rs) {
		return rs
	}
	isR, nums := resolveTypes(rs, rtl)
	levels := embeddingLevels(isR, nums, rtl)
	base := 0
	if rtl {
		base = 1
	}
	for i := len(rs) - 1; i >= 0 && unicode.IsSpace(rs[i]); i-- { // L1
		levels[i] = base
	}
	out := make([]rune, len(rs))
	for i, r := range rs {
		if levels[i]%2 == 1 {
			r = mirror(r)
		}
		out[i] = r
	}
	reorder(out, levels)
	return out
}

// embeddingLevels applies I1 and I2.
func embeddingLevels(isR, nums []bool, rtl bool) []int {
	levels := make([]int, len(isR))
	for i := range isR {
		switch {
		case !rtl && isR[i] && nums[i]:
			levels[i] = 2
		case !rtl && isR[i]:
			levels[i] = 1
		case rtl && (!isR[i] || nums[i]):
			levels[i] = 2
		case rtl:
			levels[i] = 1
		}
	}
	return levels
}

// reorder applies L2: from the highest level down to 1, reverse every run
// of characters at that level or above.
func reorder(out []rune, levels []int) {
	maxLevel := 0
	for _, l := range levels {
		maxLevel = max(maxLevel, l)
	}
	for lvl := maxLevel; lvl >= 1; lvl-- {
		for i := 0; i < len(out); {
			if levels[i] < lvl {
				i++
				continue
			}
			j := i
			for j < len(out) && levels[j] >= lvl {
				j++
			}
			reverseRunes(out[i:j])
			reverseInts(levels[i:j])
			i = j
		}
	}
}

func anyRTL(rs []rune) bool {
	for _, r := range rs {
		switch classOf(r) {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

var mirrors = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

func mirror(r rune) rune {
	if m, ok := mirrors[r]; ok {
		return m
	}
	return r
}

func reverseRunes(s []rune) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func reverseInts(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
