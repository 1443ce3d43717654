/**
 * The fakes of the rate-limit benchmark (fakeHost.ts with a `rateLimit` option): Thought
 * Industries knowing one learner per item (`learner<i>@example.com`), AcademyOcean's demo academy,
 * each behind its limiter, counting how many times each item was applied.
 */
import { FakeAcademyOcean, demoAcademy } from '../../test/fakes/academyOcean.ts';
import type { RateLimitSettings } from '../../test/fakes/rateLimit/rateLimit.ts';
import { FakeThoughtIndustries } from '../../test/fakes/thoughtIndustries.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET } from '../../test/harness/academyOceanFixture.ts';
import { TI_API_KEY, demoThoughtIndustriesState } from '../../test/harness/thoughtIndustriesFixture.ts';
import type { Hosted } from './fakeHost.ts';

export async function rateLimitedHost(kind: string, options: { rateLimit?: RateLimitSettings; items?: number }): Promise<Hosted> {
	const items = options.items ?? 1000;
	if (kind === 'thoughtIndustries') {
		// The demo learner too, whom the peers suite records (bench/suites/peers/records.ts).
		const users = [...demoThoughtIndustriesState().users, ...Array.from({ length: items }, (_, index) => ({ id: `user-${index}`, email: `learner${index}@example.com` }))];
		const fake = await new FakeThoughtIndustries(demoThoughtIndustriesState({ users }), options.rateLimit).start();
		return {
			server: fake.server,
			rateLimit: fake.rateLimit,
			config: { apiKey: TI_API_KEY },
			records: () => {
				const counts: Record<string, number> = {};
				for (const { attributes } of fake.activities) {
					const key = String(attributes.userEmail ?? attributes.userId);
					counts[key] = (counts[key] ?? 0) + 1;
				}
				return counts;
			},
			reset: () => {
				fake.activities.length = 0;
			},
			extra: () => ({ activities: fake.activities.length }),
			stop: () => fake.stop(),
		};
	}
	if (kind === 'academyOcean') {
		const fake = await new FakeAcademyOcean(demoAcademy(), { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, rateLimit: options.rateLimit }).start();
		return {
			server: fake.server,
			rateLimit: fake.rateLimit,
			config: { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET },
			// An invite sent twice is "applied" twice (the second call may email again), whatever the answer.
			records: () => {
				const counts: Record<string, number> = {};
				for (const call of fake.calls) {
					if (call.action !== 'inviteLearners') continue;
					const email = String(JSON.stringify(call.options).match(/"email":"([^"]+)"/)?.[1]);
					counts[email] = (counts[email] ?? 0) + 1;
				}
				return counts;
			},
			reset: () => {
				fake.calls.length = 0;
				fake.state.invites.length = 0;
				fake.tokenRequests = 0;
			},
			extra: () => ({ tokenRequests: fake.tokenRequests, calls: fake.calls.length, invites: fake.state.invites.length }),
			stop: () => fake.stop(),
		};
	}
	throw new Error(`Unknown fake: ${kind}`);
}
