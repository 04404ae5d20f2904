import { redirect } from 'next/navigation';
import { getSignInUrl } from '@workos-inc/authkit-nextjs';

// A route handler (not a Server Component) so the SDK may set its cookies
// before sending the browser to the hosted AuthKit page.
export async function GET() {
  const signInUrl = await getSignInUrl();
  return redirect(signInUrl);
}
