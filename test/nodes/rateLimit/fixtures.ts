/**
 * Shared set-up of the rate-limit tests: a Thought Industries fake that knows N learners (one per
 * input item, so what the fake recorded says which items went through), an engine with both action
 * nodes, and helpers to read a stopping point out of a node error.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../../credentials/AcademyOceanOAuth2Api.credentials';
import { ThoughtIndustriesApi } from '../../../credentials/ThoughtIndustriesApi.credentials';
import { AcademyOcean } from '../../../nodes/AcademyOcean/AcademyOcean.node';
import { ThoughtIndustries } from '../../../nodes/ThoughtIndustries/ThoughtIndustries.node';
import { FakeThoughtIndustries } from '../../fakes/thoughtIndustries.ts';
import type { RecordedActivity } from '../../fakes/thoughtIndustries.ts';
import type { RateLimitSettings } from '../../fakes/rateLimit/rateLimit.ts';
import { Engine } from '../../harness/engine.ts';
import type { NodeUnderTest, RunResult } from '../../harness/engine.ts';
import { COURSE_ID, TI_API_KEY, demoThoughtIndustriesState } from '../../harness/thoughtIndustriesFixture.ts';

export function newEngine(): Engine {
	return new Engine({
		nodeTypes: { thoughtIndustries: new ThoughtIndustries(), academyOcean: new AcademyOcean() },
		credentialTypes: [new ThoughtIndustriesApi(), new AcademyOceanOAuth2Api()],
	});
}

export const learnerEmail = (index: number) => `learner${index}@example.com`;

/** A Thought Industries fake that knows `learners` learners (learner0@…, learner1@…, …). */
export async function startLearnerFake(learners: number, rateLimit?: RateLimitSettings): Promise<FakeThoughtIndustries> {
	const users = Array.from({ length: learners }, (_, index) => ({ id: `user-${index}`, email: learnerEmail(index) }));
	return await new FakeThoughtIndustries(demoThoughtIndustriesState({ users: [...demoThoughtIndustriesState().users, ...users] }), rateLimit).start();
}

export function tiCredential(engine: Engine, url: string, name?: string): INodeCredentialsDetails {
	return engine.credentials.add('thoughtIndustriesApi', { instanceUrl: url, apiKey: TI_API_KEY }, name);
}

/** Course → Record External Activity, one learner per item (`$json.email`). */
export function recordCourse(credential: INodeCredentialsDetails, extra: INodeParameters = {}, settings: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'thoughtIndustries',
		parameters: {
			resource: 'course',
			operation: 'recordExternalActivity',
			courseIdentifier: 'id',
			courseId: COURSE_ID,
			learnerIdentifier: 'email',
			userEmail: '={{ $json.email }}',
			...extra,
		},
		credentials: { thoughtIndustriesApi: credential },
		...settings,
	};
}

/** Learning Path → Record External Activity, one learner (by ID) per item (`$json.userId`). */
export function recordLearningPath(credential: INodeCredentialsDetails, learningPathId: string, settings: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'thoughtIndustries',
		parameters: { resource: 'learningPath', operation: 'recordExternalActivity', userId: '={{ $json.userId }}', learningPathId, status: 'started' },
		credentials: { thoughtIndustriesApi: credential },
		...settings,
	};
}

export function learnerItems(count: number, from = 0): IDataObject[] {
	return Array.from({ length: count }, (_, offset) => ({ email: learnerEmail(from + offset), userId: `user-${from + offset}` }));
}

/** How many times the fake recorded each item (by the learner's email or id), as item index → count. */
export function recordsPerItem(activities: RecordedActivity[]): Map<number, number> {
	const counts = new Map<number, number>();
	for (const { attributes } of activities) {
		const key = String(attributes.userEmail ?? attributes.userId ?? '');
		const match = /(\d+)/.exec(key);
		if (!match) continue;
		const index = Number(match[1]);
		counts.set(index, (counts.get(index) ?? 0) + 1);
	}
	return counts;
}

/** "0–19, 21, 23–27" → [0, …, 19, 21, 23, …, 27]. */
export function parseRanges(text: string): number[] {
	if (!text) return [];
	return text.split(', ').flatMap((part) => {
		const [from, to] = part.split('–').map(Number);
		return Array.from({ length: (to ?? from) - from + 1 }, (_, offset) => from + offset);
	});
}

export interface StoppingPointSeen {
	succeeded: number[];
	failed: number[];
	mayHaveBeenApplied: number[];
	notSent: number[];
}

/** The stopping point the node's error reports (its context, as an Error Trigger workflow would read it). */
export function stoppingPointOf(result: RunResult, succeededWord = 'recorded'): StoppingPointSeen {
	const context = (result.error as { context?: { stoppingPoint?: Record<string, string> } } | undefined)?.context;
	const point = context?.stoppingPoint;
	if (!point) throw new Error(`the error carries no stopping point: ${result.error?.message}`);
	return {
		succeeded: parseRanges(point[succeededWord]),
		failed: parseRanges(point.failed),
		mayHaveBeenApplied: parseRanges(point.mayHaveBeenApplied),
		notSent: parseRanges(point.notSent),
	};
}

/** The items in input order, each paired with its own input item. */
export function pairedIndexes(result: RunResult): number[] {
	return result.items.map((item) => (item.pairedItem as { item: number }).item);
}
