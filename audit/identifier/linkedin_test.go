package identifier

import "testing"

var linkedinCases = []urlCase{
	{"https://www.linkedin.com/in/john-smith-0a1b2c3/", "linkedin", "profile", "john-smith-0a1b2c3", "", "linkedin:in/john-smith-0a1b2c3"},
	{"https://uk.linkedin.com/in/John-Smith-0a1b2c3?trk=public_profile&originalSubdomain=uk", "linkedin", "profile", "john-smith-0a1b2c3", "", "linkedin:in/john-smith-0a1b2c3"},
	{"https://m.linkedin.com/in/john-smith-0a1b2c3/recent-activity/all/", "linkedin", "profile", "john-smith-0a1b2c3", "", "linkedin:in/john-smith-0a1b2c3"},
	{"https://www.linkedin.com/in/%C3%A9lodie-dupont", "linkedin", "profile", "élodie-dupont", "", "linkedin:in/élodie-dupont"},
	{"https://www.linkedin.com/company/acme-ltd/", "linkedin", "group", "company/acme-ltd", "", "linkedin:company/acme-ltd"},
	{"https://www.linkedin.com/company/Acme-Ltd/posts/?feedView=all", "linkedin", "group", "company/acme-ltd", "", "linkedin:company/acme-ltd"},
	{"https://www.linkedin.com/school/university-of-oxford/", "linkedin", "group", "school/university-of-oxford", "", "linkedin:school/university-of-oxford"},
	{"https://www.linkedin.com/posts/john-smith-0a1b2c3_hello-world-activity-7012345678901234567-AbCd?utm_source=share", "linkedin", "post", "john-smith-0a1b2c3", "7012345678901234567", "linkedin:activity:7012345678901234567"},
	{"https://www.linkedin.com/feed/update/urn:li:activity:7012345678901234567/", "linkedin", "post", "", "7012345678901234567", "linkedin:activity:7012345678901234567"},
	{"https://www.linkedin.com/feed/update/urn:li:ugcPost:7012345678901234568", "linkedin", "post", "", "7012345678901234568", "linkedin:ugcpost:7012345678901234568"},
	{"https://www.linkedin.com/feed/", "linkedin", "page", "", "", "linkedin:page:/feed"},
	{"https://www.linkedin.com/jobs/view/123", "linkedin", "page", "", "", "linkedin:page:/jobs/view/123"},
	{"https://lnkd.in/eAbC123", "linkedin", "page", "", "", "linkedin:share:lnkd.in/eAbC123"},
	// forms of issue 15
	{"https://de.linkedin.com/mwlite/in/anton-begehr/", "linkedin", "profile", "anton-begehr", "", "linkedin:in/anton-begehr"},
	{"https://www.linkedin.com/pub/john-smith/12/345/678", "linkedin", "profile", "pub/john-smith/12/345/678", "", "linkedin:pub/john-smith/12/345/678"},
	{"https://www.linkedin.com/pub/dir/John/Smith", "linkedin", "page", "", "", "linkedin:page:/pub/dir/John/Smith"},
	{"https://www.linkedin.com/company/cake-–-ridecake.com/", "linkedin", "group", "company/cake-–-ridecake.com", "", "linkedin:company/cake-–-ridecake.com"},
	{"https://www.linkedin.com/company/upjers-gmbh-&-co.-kg", "linkedin", "group", "company/upjers-gmbh-&-co.-kg", "", "linkedin:company/upjers-gmbh-&-co.-kg"},
}

func TestFromURLLinkedIn(t *testing.T) { checkURLCases(t, linkedinCases) }
