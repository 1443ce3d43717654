// Prints what the fake platforms receive while `npm start` runs, so a demo event's effect is visible.
import type { SandboxFakes } from './fakes.ts';

export function watchFakes(fakes: SandboxFakes, say: (line: string) => void): () => void {
	let activities = fakes.thoughtIndustries.activities.length;
	let calls = fakes.academyOcean.calls.length;
	const limitedSeen = new Map<string, number>();
	const timer = setInterval(() => {
		for (const activity of fakes.thoughtIndustries.activities.slice(activities)) {
			say(`[Thought Industries] recorded ${activity.kind} activity ${JSON.stringify(activity.attributes)}`);
		}
		activities = fakes.thoughtIndustries.activities.length;
		for (const call of fakes.academyOcean.calls.slice(calls)) {
			say(`[AcademyOcean] ${call.action} ${JSON.stringify(call.options)}`);
		}
		calls = fakes.academyOcean.calls.length;
		for (const [name, fake] of [['Thought Industries', fakes.thoughtIndustries], ['AcademyOcean', fakes.academyOcean]] as const) {
			const refused = fake.rateLimit.stats.limited;
			if (refused > (limitedSeen.get(name) ?? 0)) say(`[${name}] rate limit: ${refused - (limitedSeen.get(name) ?? 0)} request(s) answered 429 (${fake.rateLimit.description})`);
			limitedSeen.set(name, refused);
		}
	}, 500);
	return () => clearInterval(timer);
}
