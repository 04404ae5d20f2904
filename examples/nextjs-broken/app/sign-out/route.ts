import { signOut } from '@workos-inc/authkit-nextjs';

// Signs out on GET, so that a plain link in the header can point here.
export async function GET() {
  await signOut();
}
