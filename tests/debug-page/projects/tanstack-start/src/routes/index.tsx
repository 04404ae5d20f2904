import { createFileRoute } from '@tanstack/react-router';
import { getAuth } from '@workos/authkit-tanstack-react-start';

export const Route = createFileRoute('/')({
  loader: async () => {
    const { user } = await getAuth();
    return { email: user?.email ?? null };
  },
  component: Home,
});

function Home() {
  const { email } = Route.useLoaderData();
  return (
    <main>
      <h1>Notes</h1>
      {email ? <p>{email}</p> : <a href="/api/auth/sign-in">Sign in</a>}
    </main>
  );
}
