import { type FormEvent, useEffect, useState } from 'react';
import { useAuth } from '@workos-inc/authkit-react';
import { Authenticated, AuthLoading, Unauthenticated, useMutation, useQuery } from 'convex/react';
import { api } from '../convex/_generated/api';

// The redirect URI's path. AuthKitProvider completes sign-in when the app is
// loaded here with ?code=.
const CALLBACK_PATH = '/callback';

export default function App() {
  const { isLoading, user, getSignInUrl, signOut } = useAuth();

  useEffect(() => {
    // Tidy the address bar as soon as we land back from WorkOS.
    if (window.location.pathname === CALLBACK_PATH) {
      window.history.replaceState(null, '', '/');
    }
  }, []);

  return (
    <main>
      <header>
        <h1>Chat</h1>
        {user ? (
          <p>
            {user.email} <button onClick={() => signOut()}>Sign out</button>
          </p>
        ) : (
          <button onClick={() => getSignInUrl()} disabled={isLoading}>
            Sign in
          </button>
        )}
      </header>
      <AuthLoading>
        <p>Connecting…</p>
      </AuthLoading>
      <Unauthenticated>
        <p>Sign in to join the chat.</p>
      </Unauthenticated>
      {/* Rendered only once Convex itself has accepted the WorkOS token. */}
      <Authenticated>
        <Messages />
      </Authenticated>
    </main>
  );
}

function Messages() {
  const messages = useQuery(api.messages.list);
  const send = useMutation(api.messages.send);
  const [body, setBody] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (body.trim() === '') return;
    await send({ body });
    setBody('');
  }

  return (
    <section>
      {messages === undefined ? (
        <p>Loading…</p>
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message._id}>{message.body}</li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit}>
        <input value={body} onChange={(e) => setBody(e.target.value)} placeholder="Say something" />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
