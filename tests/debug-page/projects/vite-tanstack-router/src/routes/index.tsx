import { createFileRoute } from '@tanstack/react-router';
import { useAuth } from '@workos-inc/authkit-react';

export const Route = createFileRoute('/')({ component: Home });

function Home() {
  const { isLoading, user, signIn, signOut } = useAuth();
  return (
    <main>
      <h1>Home</h1>
      {user ? (
        <p>
          {user.email} <button onClick={() => signOut()}>Sign out</button>
        </p>
      ) : (
        <button onClick={() => signIn()} disabled={isLoading}>
          Sign in
        </button>
      )}
    </main>
  );
}
