import { randomUUID } from 'node:crypto';

import { FakeAcademyOcean, demoAcademy } from '../fakes/academyOcean.ts';
import type { AcademyOceanLeniencies, AcademyState } from '../fakes/academyOcean.ts';

export const AO_CLIENT_ID = 'gR9eYq5oE6mvNAPmwxGO';
// Made up per run: tests prove the secret never leaks into outputs, whatever it is.
export const AO_CLIENT_SECRET = `ao-${randomUUID()}`;
export const ACADEMY_ID = 'az5Mnwegw1P3qN1qYwefk7';
export const ONBOARDING_COURSE_ID = 'NVpz0PmrkjrkOQW9d1Kx';
export const ADVANCED_COURSE_ID = 'zyK0bxgWEY9E4XA6JedG';

/** The fake is as strict as the reference unless the test names the leniencies it needs. */
export async function startFakeAcademyOcean(
	state: AcademyState = demoAcademy(),
	tokenLifetimeSeconds?: number,
	leniencies?: AcademyOceanLeniencies,
): Promise<FakeAcademyOcean> {
	return await new FakeAcademyOcean(state, {
		clientId: AO_CLIENT_ID,
		clientSecret: AO_CLIENT_SECRET,
		tokenLifetimeSeconds,
		leniencies,
	}).start();
}
