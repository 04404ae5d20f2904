import { signOut, withAuth } from '@workos-inc/authkit-nextjs';
import { Notes } from '@/components/Notes';

export default async function HomePage() {
  const { user } = await withAuth();

  return (
    <main>
      <header>
        <h1>Notes</h1>
        {user ? (
          // Sign-out is a POST through a server action: nothing can trigger it
          // by prefetching or crawling a URL.
          <form
            action={async () => {
              'use server';
              await signOut();
            }}
          >
            <span>{user.email}</span> <button type="submit">Sign out</button>
          </form>
        ) : (
          // Plain anchors, not next/link: these routes redirect to WorkOS and
          // must not be prefetched.
          <nav>
            <a href="/sign-in">Sign in</a> <a href="/sign-up">Sign up</a>
          </nav>
        )}
      </header>
      <Notes />
    </main>
  );
}
