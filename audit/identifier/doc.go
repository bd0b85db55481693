// Package identifier names what a web page shows and what a subject
// identifier stands for, so that a view can be matched to the subjects of
// a case (DESIGN.md §6, Matching). It is pure: no I/O, no network, no
// state; every function gives the same answer for the same input.
//
// Terms, in DESIGN.md's words:
//
//   - identity: what a URL or a typed identifier names (Identity): a
//     platform, a kind (profile, post, group, page, email, phone), the
//     account, the post and the canonical key.
//   - canonical key (Key): the one string an identity has however it was
//     written: "x:@jack" for twitter.com/Jack, mobile.twitter.com/jack/ and
//     x.com/jack?s=20 alike. Scheme, "www."/"m."/"mobile." hosts, host
//     aliases (twitter.com = x.com, fb.com = facebook.com, youtu.be,
//     instagr.am, old.reddit.com, telegram.me …), letter case where the
//     platform ignores it, trailing slashes, fragments and tracking
//     parameters (utm_*, fbclid, igshid, si, s and t on x.com …) do not
//     change it; parameters that say what is shown (profile.php?id=,
//     story_fbid=, watch?v=) do. Keys start with the platform and a colon;
//     a generic site's page is "web:" + host + path + sorted query.
//   - account: the profile, channel or group a platform identity belongs
//     to (Account): a lower-cased handle ("jack"), a numeric id
//     (Facebook's profile.php?id=), "r/<name>" for a subreddit,
//     "groups/<id>" for a Facebook group. Each platform file documents its
//     keys and accounts.
//   - post: one item published under an account: a post, photo, video,
//     reel, story or message (Kind "post", Post its id). A post's key names
//     the post, not its author, where the platform's ids are unique on
//     their own (x.com/anyone/status/<id> and x.com/i/web/status/<id> are
//     the same post), so that the author, when known, is in Account and
//     not in the key. Viewing a post counts as viewing its account
//     (Matches).
//   - page: anything else: a generic web page, or a platform's feed,
//     search, settings or explore page, which names no account and is
//     never taken for a profile. A share link whose target only the
//     platform's server knows (vm.tiktok.com/<code>, t.co/<code>,
//     facebook.com/share/…, reddit.com/r/<sub>/s/<code>) is a page with a
//     "<platform>:share:" key. The first path segments that are a
//     platform's own pages are data, one documented list per platform in
//     reserved.go; a word that is also a real account's handle (x.com/X,
//     facebook.com/facebook) is left out of them and read by the path's
//     shape instead.
//   - subject identifier: what a researcher records for a subject (Parse):
//     a URL, a hinted handle ("x:@jack"), an email address or a phone
//     number in E.164.
//
// A mention (page text naming a subject) is not handled here: it needs the
// page's content, and DESIGN.md counts it apart from views.
//
// What cannot be known offline: where a share link leads; that a handle
// and a numeric id (or a Bluesky handle and its DID, a Facebook username
// and its profile.php id) are the same account; the author of a post whose
// URL does not name it (instagram.com/p/<code>, youtube.com/watch?v=) —
// a caller that reads the author from the page may set Account, and the
// key stays the same. Internationalised host names are compared as
// written, not converted to punycode.
package identifier
