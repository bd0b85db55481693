package capture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// evalIsolated evaluates expr in a new isolated world of frame and decodes
// its value, awaiting a promise. An isolated world shares the page's DOM
// but not its JavaScript, so a page script that replaced a built-in
// (scrollBy, innerText, ...) cannot change what the capture does or reads.
func evalIsolated[T any](frame cdp.FrameID, expr string) chromedp.Action[T] {
	return func(ctx context.Context, t *chromedp.Target) (T, error) {
		var v T
		w, err := cdp.Call(ctx, t, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame, WorldName: "sightline"})
		if err != nil {
			return v, fmt.Errorf("isolated world: %w", err)
		}
		r, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{
			Expression: expr, ContextID: w.ExecutionContextID, ReturnByValue: new(true), AwaitPromise: new(true),
		})
		switch {
		case err != nil:
			return v, err
		case r.ExceptionDetails != nil:
			return v, &chromedp.ExceptionError{ExceptionDetails: r.ExceptionDetails}
		case r.Result == nil || len(r.Result.Value) == 0:
			return v, errors.New("no value")
		}
		if err := json.Unmarshal(r.Result.Value, &v); err != nil {
			return v, fmt.Errorf("decode value: %w", err)
		}
		return v, nil
	}
}
