package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/keys"
)

// ErrProxyCredentialsMissing is returned by StartBrowser for a persona
// whose proxy credentials are recorded as set but are not in the store
// (the keyring entry or the file was removed): the browser does not start
// rather than go without them.
var ErrProxyCredentialsMissing = errors.New("the persona's proxy credentials are missing from their store")

// proxySecret names a persona's proxy credentials in the secret store.
func proxySecret(persona string) string { return "proxy." + persona }

// secrets is the workspace's secret store, beside its key.
func (w *Workspace) secrets() (keys.Secrets, error) {
	k, err := w.Key()
	if err != nil {
		return keys.Secrets{}, err
	}
	return keys.SecretsOf(k, w.dir, w.id), nil
}

// SetPersonaProxyAuth gives the persona's proxy a user name and password
// (nil takes them away). They are kept where the workstation key is (the OS
// keyring, or a 0600 file under keys/secrets/ where no keyring answers:
// keys.Secrets); the database records only that there are some, and the
// audit event says that they were set or cleared and in which store,
// naming neither. The proxy must be http:// or socks5://; the browser
// carries them through a relay (capture.Options.ProxyAuth). It takes
// effect on the persona's next browser.
func (w *Workspace) SetPersonaProxyAuth(ctx context.Context, name string, auth *capture.ProxyAuth) error {
	s, err := w.secrets()
	if err != nil {
		return fmt.Errorf("set the proxy credentials of persona %s: %w", name, err)
	}
	err = w.act(ctx, need{officer: true}, func(t *tx) ([]audit.Event, error) {
		p, err := getPersona(ctx, t, name)
		if err != nil {
			return nil, err
		}
		if auth != nil {
			if err := capture.CheckProxyAuth(p.Network.Proxy); err != nil {
				return nil, err
			}
			if auth.User == "" && auth.Password == "" {
				return nil, errors.New("an empty user name and password")
			}
		}
		if _, err := t.ExecContext(ctx, `UPDATE personas SET proxy_credentials = ? WHERE name = ?`, auth != nil, name); err != nil {
			return nil, err
		}
		// Inside the transaction: if the secret cannot be kept, nothing
		// is recorded.
		if auth != nil {
			data, _ := json.Marshal(storedAuth{User: auth.User, Password: auth.Password})
			err = s.Set(proxySecret(name), data)
		} else {
			err = s.Delete(proxySecret(name))
		}
		if err != nil {
			return nil, err
		}
		return []audit.Event{{Action: "settings.change", Detail: audit.Detail(map[string]any{
			"setting": "persona.proxy_credentials", "persona": name, "proxy": p.Network.Proxy,
			"old": p.Network.ProxyCredentials, "new": auth != nil, "store": s.Store()})}}, nil
	})
	if err != nil {
		return fmt.Errorf("set the proxy credentials of persona %s: %w", name, err)
	}
	return nil
}

// storedAuth is how the credentials are kept in the secret store.
type storedAuth struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// proxyAuth reads the persona's proxy credentials, nil when it has none.
func (w *Workspace) proxyAuth(p Persona) (*capture.ProxyAuth, error) {
	if !p.Network.ProxyCredentials {
		return nil, nil
	}
	s, err := w.secrets()
	if err != nil {
		return nil, err
	}
	data, err := s.Get(proxySecret(p.Name))
	if errors.Is(err, keys.ErrSecretNotFound) {
		return nil, fmt.Errorf("persona %s: %w (%s); set them again", p.Name, ErrProxyCredentialsMissing, s.Location(proxySecret(p.Name)))
	}
	if err != nil {
		return nil, fmt.Errorf("persona %s: %w", p.Name, err)
	}
	var a storedAuth
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("persona %s: proxy credentials in %s: %w", p.Name, s.Location(proxySecret(p.Name)), err)
	}
	return &capture.ProxyAuth{User: a.User, Password: a.Password}, nil
}
