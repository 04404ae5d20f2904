import Link from 'next/link';
import { withAuth } from '@workos-inc/authkit-nextjs';
import { Notes } from '@/components/Notes';

export default async function HomePage() {
  const { user } = await withAuth();

  return (
    <main>
      <header>
        <h1>Notes</h1>
        {user ? (
          // Sign-out is a link to the GET route in app/sign-out/route.ts.
          <p>
            <span>{user.email}</span> <Link href="/sign-out">Sign out</Link>
          </p>
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
