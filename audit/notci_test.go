//go:build !ci

package audit

// inCI is set by the ci build tag (make test): tools the tests use must
// be installed, so a missing one fails instead of skipping.
const inCI = false
