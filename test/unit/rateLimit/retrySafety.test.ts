/**
 * Retry safety is decided per operation: every AcademyOcean action the node can send has an entry
 * (an unknown action would be treated as unsafe), and the Thought Industries decision follows what
 * the item records.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { AcademyOcean } from '../../../nodes/AcademyOcean/AcademyOcean.node';
import { ACTIONS_WITH_RETRY_SAFETY, actionRetrySafety } from '../../../nodes/AcademyOcean/transport/retrySafety';
import { activityRetrySafety } from '../../../nodes/ThoughtIndustries/activityRequest';

test('every AcademyOcean operation has a retry-safety decision; only the two that add something are unsafe', () => {
	const operations = new AcademyOcean().description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options as INodePropertyOptions[]);
	expect(operations).toHaveLength(28);
	// The API action each operation sends: `action: 'learners'` in its definition (the operation's own
	// `action` is a sentence).
	const root = join(__dirname, '../../../nodes/AcademyOcean/resources');
	const sent = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts'))
		.flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/\baction: '([a-zA-Z]+)'/g)].map((match) => match[1]));
	expect(new Set(sent).size).toBe(28);
	expect([...new Set(sent)].sort()).toEqual([...ACTIONS_WITH_RETRY_SAFETY].sort());
	const unsafe = ACTIONS_WITH_RETRY_SAFETY.filter((action) => actionRetrySafety(action) !== true).sort();
	expect(unsafe).toEqual(['addLearnerQuizAttempts', 'inviteLearners']);
	expect(actionRetrySafety('somethingNew')).toBe('"somethingNew" is not known to be safe to repeat');
});

test('Thought Industries: a completion or a status may be repeated; awards and certificates may not', () => {
	expect(activityRetrySafety({ courseId: 'c', userEmail: 'a@example.com', completionDate: '2026-01-15T00:00:00.000Z' })).toBe(true);
	expect(activityRetrySafety({ userId: 'u', learningPathId: 'p', status: 'started' })).toBe(true);
	expect(activityRetrySafety({ courseId: 'c', userEmail: 'a@example.com', awards: [{ awardTypeId: 'points', amount: 1 }] })).toMatch(/grants awards/);
	expect(activityRetrySafety({ courseId: 'c', userEmail: 'a@example.com', transcriptFields: [{ label: 'x', value: 'y' }] })).toMatch(/external certificate/);
});
