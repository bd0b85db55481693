package viewing

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Subject ids are "S" and the subject's row number; these read and write
// them.

// subjectNumber turns "S12" (or "12") into 12.
func subjectNumber(id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(id), "S"), 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("subject %q: %w", id, ErrSubjectNotFound)
	}
	return n, nil
}

// NormaliseID writes a subject id as the workspace does: "S" and its
// number, so "s3", "3" and "S3" are one subject.
func NormaliseID(id string) (string, error) {
	n, err := subjectNumber(strings.TrimSpace(id))
	if err != nil {
		return "", err
	}
	return subjectID(n), nil
}

// normaliseSubjects writes subject ids as "S<n>", sorted, without repeats.
func normaliseSubjects(ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		n, err := subjectNumber(strings.TrimSpace(id))
		if err != nil {
			return nil, err
		}
		if s := subjectID(n); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return sortIDs(out), nil
}

// sortIDs sorts subject ids by number ("S2" before "S10") in place.
func sortIDs(ids []string) []string {
	slices.SortFunc(ids, func(a, b string) int {
		na, _ := subjectNumber(a)
		nb, _ := subjectNumber(b)
		return cmp.Compare(na, nb)
	})
	return ids
}

// numberList turns "3,1" (group_concat of subject numbers) into sorted
// subject ids.
func numberList(s string) []string {
	out := []string{}
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, subjectID(n))
		}
	}
	return sortIDs(out)
}

// subjectArgs turns subject ids into query arguments and their
// placeholders.
func subjectArgs(ids []string) ([]any, string, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		n, err := subjectNumber(id)
		if err != nil {
			return nil, "", err
		}
		args[i] = n
	}
	return args, strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), nil
}

func subjectID(n int64) string { return "S" + strconv.FormatInt(n, 10) }
