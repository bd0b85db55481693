package capture

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCaptureRecordsLoginState(t *testing.T) {
	pages := map[string]string{
		"/in":      `<nav><span>Signed in as jsmith</span> <a href="/account/logout">Log out</a></nav><p>Feed</p>`,
		"/out":     `<form><input name="user"><input type="password" name="pw"><button>Log in</button></form>`,
		"/neither": `<p>A public notice with no account controls.</p>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>t</title>" + pages[r.URL.Path]))
	}))
	defer srv.Close()
	for path, want := range map[string]string{"/in": LoggedIn, "/out": LoggedOut, "/neither": LoginUnknown} {
		res, err := testBrowser.Capture(context.Background(), Request{URL: srv.URL + path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Meta.Login; got.State != want || (want != LoginUnknown && len(got.Grounds) == 0) {
			t.Errorf("%s: login %+v, want %s with grounds", path, got, want)
		}
	}
}
