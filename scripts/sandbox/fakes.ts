// The sandbox's fake platforms (from test/fakes), seeded so that the example workflows work:
// AcademyOcean's demo academy plus two learners registered yesterday and a "New Learners" team,
// Thought Industries knowing the demo course, users and learning path, and a Canvas JWKS. The two
// APIs are rate-limited with the standard-plan numbers (test/fakes/rateLimit: Thought Industries
// 120/min with a burst of 20 per API key, AcademyOcean Laravel's 60 per minute per token).
import { FakeAcademyOcean, demoAcademy, learner } from '../../test/fakes/academyOcean.ts';
import { FakeCanvasJwks } from '../../test/fakes/canvasJwks.ts';
import { FakeThoughtIndustries } from '../../test/fakes/thoughtIndustries.ts';
import { STANDARD_PLANS } from '../../test/fakes/rateLimit/rateLimit.ts';
import type { CanvasKey } from './canvasKey.ts';
import {
	ACADEMY_OCEAN_CLIENT_ID,
	NEW_LEARNERS_TEAM_ID,
	ONBOARDING_COURSE_ID,
	TI_COURSE,
	TI_LEARNING_PATH_ID,
	TI_USERS,
} from './constants.ts';
import type { SandboxSecrets } from './secrets.ts';

export interface SandboxFakes {
	academyOcean: FakeAcademyOcean;
	thoughtIndustries: FakeThoughtIndustries;
	canvasJwks: FakeCanvasJwks;
	stop(): Promise<void>;
}

/** Learners who registered yesterday (UTC), for the daily example. */
export const NEW_LEARNER_EMAILS = ['new.learner1@example.com', 'new.learner2@example.com'];

export function seededAcademy(now = new Date()) {
	const academy = demoAcademy();
	const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
	academy.teams.push({ id: NEW_LEARNERS_TEAM_ID, name: 'New Learners', courseIds: [ONBOARDING_COURSE_ID] });
	NEW_LEARNER_EMAILS.forEach((email, index) => {
		academy.learners.push(
			learner({ email, name: `New Learner ${index + 1}`, registered_at: `${yesterday}T1${index}:00:00+00:00` }),
		);
	});
	return academy;
}

/**
 * Starts the three fakes on basePort, +1, +2 (0: any free ports). Resolves to undefined when a port
 * is taken (nothing is left running then).
 */
export async function startSandboxFakes(key: CanvasKey, secrets: SandboxSecrets, basePort = 0): Promise<SandboxFakes | undefined> {
	// Both rate-limited like the platforms' standard plans, so that the sandbox shows the pacing.
	const academyOcean = new FakeAcademyOcean(seededAcademy(), {
		clientId: ACADEMY_OCEAN_CLIENT_ID,
		clientSecret: secrets.academyOceanClientSecret,
		rateLimit: STANDARD_PLANS.academyOcean,
	});
	const thoughtIndustries = new FakeThoughtIndustries(
		{
			apiKey: secrets.thoughtIndustriesApiKey,
			courses: [TI_COURSE],
			users: TI_USERS,
			learningPaths: [TI_LEARNING_PATH_ID],
		},
		STANDARD_PLANS.thoughtIndustries,
	);
	const canvasJwks = new FakeCanvasJwks([key.jwk]);
	const started: Array<{ stop(): Promise<void> }> = [];
	const stop = async () => {
		await Promise.all(started.map((fake) => fake.stop()));
	};
	for (const [index, fake] of [academyOcean, thoughtIndustries, canvasJwks].entries()) {
		const ok = await fake.start(basePort ? basePort + index : 0).then(
			() => true,
			() => false,
		);
		if (!ok) {
			await stop();
			return undefined;
		}
		started.push(fake);
	}
	return { academyOcean, thoughtIndustries, canvasJwks, stop };
}
