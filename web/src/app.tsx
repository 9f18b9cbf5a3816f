import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, setApiLanguage, setCsrfToken, setUnauthenticatedHandler } from './api';
import type { SessionInfo, User, Capability } from './api';
import { can } from './api';
import { Header } from './components/Header';
import { I18nContext, makeI18n, storeLang, storedLang, translate } from './i18n';
import type { Key, Lang } from './i18n';
import { navigate, parseRoute, usePath } from './router';
import { Login } from './pages/Login';
import { Home } from './pages/Home';
import { Users } from './pages/Users';
import { UserNew } from './pages/UserNew';
import { Agencies } from './pages/Agencies';
import { AgencyDetail } from './pages/AgencyDetail';
import { MySessions } from './pages/MySessions';
import { NotFound } from './pages/NotFound';
import { canCreatePersons, Persons } from './pages/Persons';
import { PersonNew } from './pages/PersonNew';
import { PersonPage } from './pages/PersonPage';
import { PersonHistory } from './pages/PersonHistory';
import { Requests } from './pages/Requests';
import { RequestNew } from './pages/RequestNew';
import { Grants } from './pages/Grants';
import { Alerts } from './pages/Alerts';
import { FEATURES } from './features';

type Auth = { state: 'loading' } | { state: 'anon'; notice?: Key } | { state: 'authed'; user: User };

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang());
  const path = usePath();
  const [auth, setAuth] = useState<Auth>({ state: 'loading' });
  // Whether the user holds any live grant: it decides whether "Persons" is in the menu.
  const [hasGrants, setHasGrants] = useState(false);
  const [grantsTick, setGrantsTick] = useState(0);

  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    // Set at once, not after the next paint: screen readers must never read
    // new text with the old language.
    document.documentElement.lang = l;
    setApiLanguage(l);
    setLangState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    setApiLanguage(lang);
  }, [lang]);

  const signedIn = useCallback((s: SessionInfo) => {
    setCsrfToken(s.csrf_token);
    setAuth({ state: 'authed', user: s.user });
  }, []);

  const signedOut = useCallback((notice?: Key) => {
    setCsrfToken('');
    setAuth(notice ? { state: 'anon', notice } : { state: 'anon' });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => signedOut('login.sessionEnded'));
    api
      .currentSession()
      .then(signedIn)
      .catch(() => signedOut());
    return () => setUnauthenticatedHandler(null);
  }, [signedIn, signedOut]);

  const authedId = auth.state === 'authed' ? auth.user.id : '';
  useEffect(() => {
    if (!authedId) {
      setHasGrants(false);
      return;
    }
    let live = true;
    api
      .grants()
      .then((r) => {
        if (live) setHasGrants(r.items.length > 0);
      })
      .catch(() => {
        // The menu keeps what it had.
      });
    return () => {
      live = false;
    };
  }, [authedId, path, grantsTick]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The session is gone either way.
    }
    signedOut('login.loggedOut');
    navigate('/');
  }, [signedOut]);

  const route = parseRoute(path);
  let content;
  if (auth.state === 'loading') {
    content = (
      <p class="nrm-loading" role="status">
        {translate(lang, 'app.loading')}
      </p>
    );
  } else if (auth.state === 'anon') {
    content = (
      <Login
        notice={auth.notice}
        onSignedIn={(s) => {
          signedIn(s);
          if (location.pathname === '/login') navigate('/', { replace: true });
        }}
      />
    );
  } else {
    const user = auth.user;
    const may = (c: Capability) => can(user, c);
    const refreshMe = (u: User) => setAuth({ state: 'authed', user: u });
    switch (route.name) {
      case 'home':
        content = <Home user={user} hasGrants={hasGrants} />;
        break;
      case 'users':
        content = may('users.manage') ? <Users me={user} onMeChanged={refreshMe} /> : <NotFound />;
        break;
      case 'userNew':
        content = may('users.manage') ? <UserNew /> : <NotFound />;
        break;
      case 'agencies':
        content = may('agencies.manage') ? <Agencies /> : <NotFound />;
        break;
      case 'agency':
        content = may('agencies.manage') ? <AgencyDetail key={route.id} id={route.id} /> : <NotFound />;
        break;
      case 'sessions':
        content = <MySessions onSignedOut={() => signedOut('login.loggedOut')} />;
        break;
      // Person pages are open to every signed-in user: the server shows each
      // only what its grants open (an empty list, a "not found").
      case 'persons':
        content = <Persons user={user} />;
        break;
      case 'personNew':
        content = canCreatePersons(user) ? <PersonNew /> : <NotFound />;
        break;
      case 'person':
        content = <PersonPage key={route.id} id={route.id} user={user} />;
        break;
      case 'personHistory':
        content = <PersonHistory key={route.id} id={route.id} user={user} />;
        break;
      case 'requests':
        content = <Requests user={user} />;
        break;
      case 'requestNew':
        content = may('info_requests.create') ? <RequestNew /> : <NotFound />;
        break;
      case 'grants':
        content = <Grants user={user} onChanged={() => setGrantsTick((n) => n + 1)} />;
        break;
      case 'alerts':
        content = may('oversight.view') ? <Alerts user={user} /> : <NotFound />;
        break;
      default: {
        const p = path.replace(/\/+$/, '') || '/';
        let page = null;
        for (const f of FEATURES) {
          page = f.page(p, user);
          if (page) break;
        }
        content = page ?? <NotFound />;
      }
    }
  }

  return (
    <I18nContext.Provider value={i18n}>
      <a class="usa-skipnav" href="#main-content">
        {i18n.t('app.skip')}
      </a>
      <Header user={auth.state === 'authed' ? auth.user : null} hasGrants={hasGrants} path={path} onLogout={logout} />
      <main id="main-content" class="nrm-main" tabIndex={-1}>
        <div class="grid-container">{content}</div>
      </main>
      <footer class="usa-footer usa-footer--slim nrm-footer">
        <div class="grid-container">
          <p class="margin-y-2">{i18n.t('app.footer')}</p>
        </div>
      </footer>
    </I18nContext.Provider>
  );
}
