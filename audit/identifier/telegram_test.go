package identifier

import "testing"

var telegramCases = []urlCase{
	{"https://t.me/durov", "telegram", "profile", "durov", "", "telegram:@durov"},
	{"https://telegram.me/Durov/", "telegram", "profile", "durov", "", "telegram:@durov"},
	{"https://telegram.dog/durov", "telegram", "profile", "durov", "", "telegram:@durov"},
	{"https://t.me/s/durov", "telegram", "profile", "durov", "", "telegram:@durov"},
	{"https://t.me/durov?start=abc", "telegram", "profile", "durov", "", "telegram:@durov"},
	{"https://t.me/durov/123", "telegram", "post", "durov", "123", "telegram:@durov/123"},
	{"https://t.me/s/Durov/123?single", "telegram", "post", "durov", "123", "telegram:@durov/123"},
	{"https://t.me/+AbCdEf123", "telegram", "group", "+AbCdEf123", "", "telegram:+AbCdEf123"},
	{"https://t.me/joinchat/AbCdEf123", "telegram", "group", "+AbCdEf123", "", "telegram:+AbCdEf123"},
	{"https://t.me/c/1234567890", "telegram", "group", "c/1234567890", "", "telegram:c/1234567890"},
	{"https://t.me/c/1234567890/55", "telegram", "post", "c/1234567890", "55", "telegram:c/1234567890/55"},
	{"https://t.me/addstickers/Animals", "telegram", "page", "", "", "telegram:page:/addstickers/Animals"},
	{"https://t.me/share/url?url=https://example.org", "telegram", "page", "", "", "telegram:page:/share/url?url=https%3A%2F%2Fexample.org"},
	{"https://t.me/abc", "telegram", "page", "", "", "telegram:page:/abc"},
	{"https://t.me/6891155458", "telegram", "page", "", "", "telegram:page:/6891155458"},
}

func TestFromURLTelegram(t *testing.T) { checkURLCases(t, telegramCases) }
