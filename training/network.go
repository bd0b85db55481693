package training

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Account is a member of the fictional network.
type Account struct {
	Handle, Name, Bio string
	Group             bool
}

// URL is the account's profile address.
func (a *Account) URL() string { return URL("@" + a.Handle) }

// Post is a post of the network; posts are numbered from the newest, and
// the feed goes on without end, each post 5 hours before the one after it.
type Post struct {
	N        int
	ID       string
	Author   *Account
	Time     time.Time
	Text     string
	Long     bool // the page shows the start and a "See more" control
	Photo    string
	Video    bool
	Likes    int
	Comments []*Post
	ReplyTo  string
}

// URL is the post's permalink.
func (p *Post) URL() string { return URL("@" + p.Author.Handle + "/post/" + p.ID) }

// Shown is the text as the page first shows it.
func (p *Post) Shown() string {
	if p.Long {
		return clipText(p.Text, 90)
	}
	return p.Text
}

// TimeShown is the time as the page shows it.
func (p *Post) TimeShown() string { return p.Time.Format("2 Jan 15:04") }

// ISO is the machine-readable time.
func (p *Post) ISO() string { return p.Time.UTC().Format(time.RFC3339) }

type community struct {
	accounts []*Account
	newest   time.Time
	posts    []*Post // the first ones made, for /api/post/{id}/full
}

var network = func() *community {
	n := &community{newest: time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC), accounts: []*Account{
		{Handle: "jo.harbour", Name: "Jo Marsh", Bio: "Skipper. Islands run every summer."},
		{Handle: "quaywatch", Name: "Quay Watch", Bio: "Residents' group for the east quay.", Group: true},
		{Handle: "ferry.fan", Name: "Sam Okafor", Bio: "Timetables, boats, more timetables."},
		{Handle: "islander.lee", Name: "Lee Tan", Bio: "Living on the far island since 2019."},
	}}
	for i := range 200 {
		n.posts = append(n.posts, n.make(i))
	}
	return n
}()

var phrases = []string{
	"Morning crossing was flat calm. Best start to the week.",
	"Meeting at the harbour wall at six if anyone wants to help with the nets.",
	"The council has moved the 07:10 again. Third time this year.",
	"New berths at the east quay look finished. Opening Monday?",
	"Fog on the way back, took an extra forty minutes.",
	"Fundraiser for the lifeboat on Saturday: cakes, raffle, boat rides.",
	"Who left a trolley on the slipway? It has been there since Tuesday.",
	"Photos from the regatta are up. Thanks to everyone who came.",
}

const longTail = " We talked it through at the meeting: the new timetable means the last boat back leaves at 18:30, " +
	"which leaves anyone working in town stranded after five. A petition is going round and the council has " +
	"agreed to hear residents at the next session. Bring your questions, and your tide tables."

// make is post i, the same every time.
func (n *community) make(i int) *Post {
	a := n.accounts[i%len(n.accounts)]
	p := &Post{N: i, ID: "hl" + strconv.Itoa(1000+i), Author: a, Time: n.newest.Add(-time.Duration(i) * 5 * time.Hour),
		Text: phrases[i%len(phrases)], Likes: (i*37)%120 + 3}
	if i%5 == 0 {
		p.Text, p.Long = p.Text+longTail, true
	}
	if i%4 == 1 {
		p.Photo = URL("img/photo-" + p.ID + ".png")
	}
	p.Video = i == 4
	if i%3 == 0 {
		for k := 1; k <= 2; k++ {
			c := n.accounts[(i+k)%len(n.accounts)]
			p.Comments = append(p.Comments, &Post{N: -1, ID: fmt.Sprintf("%sc%d", p.ID, k), Author: c,
				Time: p.Time.Add(time.Duration(k) * 17 * time.Minute), ReplyTo: p.ID,
				Text: []string{"Agreed.", "Is that the Tuesday boat or the Thursday one?", "See you there."}[(i+k)%3]})
		}
	}
	return p
}

const perPage = 10

// latest is page p of the whole network's feed, newest first.
func (n *community) latest(p int) []*Post {
	var out []*Post
	for i := p * perPage; i < (p+1)*perPage; i++ {
		out = append(out, n.at(i))
	}
	return out
}

// by is page p of an account's posts, newest first.
func (n *community) by(handle string, p int) []*Post {
	k := -1
	for i, a := range n.accounts {
		if a.Handle == handle {
			k = i
		}
	}
	if k < 0 {
		return nil
	}
	var out []*Post
	for j := p * perPage; j < (p+1)*perPage; j++ {
		out = append(out, n.at(j*len(n.accounts)+k))
	}
	return out
}

func (n *community) at(i int) *Post {
	if i < len(n.posts) {
		return n.posts[i]
	}
	return n.make(i)
}

func (n *community) account(handle string) *Account {
	for _, a := range n.accounts {
		if a.Handle == handle {
			return a
		}
	}
	return nil
}

// post is the account's post with the id, if it is theirs.
func (n *community) post(handle, id string) *Post {
	i, err := strconv.Atoi(strings.TrimPrefix(id, "hl"))
	if err != nil || !strings.HasPrefix(id, "hl") || i < 1000 || i > 1000+1_000_000 {
		return nil
	}
	p := n.at(i - 1000)
	if p.Author.Handle != handle {
		return nil
	}
	return p
}

// Article is a Harbour Herald story.
type Article struct {
	Slug, Headline, Byline, Body string
	Time                         time.Time
	Comments                     []*Post
}

// URL is the article's address.
func (a *Article) URL() string { return "http://" + NewsHost + "/news/" + a.Slug }

// ISO is the machine-readable time.
func (a *Article) ISO() string { return a.Time.UTC().Format(time.RFC3339) }

var articles = []Article{
	{Slug: "ferry-timetable-cut", Headline: "Ferry timetable cut leaves islanders stranded", Byline: "Priya Shah",
		Time: time.Date(2026, 11, 28, 7, 30, 0, 0, time.UTC),
		Body: "The council's new winter timetable removes the 07:10 crossing. Residents say the change leaves them unable " +
			"to reach work in town. A residents' group, Quay Watch, has started a petition.",
		Comments: []*Post{
			{ID: "hc1", Author: network.accounts[3], Time: time.Date(2026, 11, 28, 9, 2, 0, 0, time.UTC), Text: "Signed the petition. Hundreds have."},
			{ID: "hc2", Author: network.accounts[2], Time: time.Date(2026, 11, 28, 9, 40, 0, 0, time.UTC), Text: "The 07:10 was always full."},
		}},
	{Slug: "east-quay-berths", Headline: "East quay berths to open on Monday", Byline: "Tom Reid",
		Time: time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC),
		Body: "Eight new berths open at the east quay on Monday after a year of work, the harbour authority said."},
}
