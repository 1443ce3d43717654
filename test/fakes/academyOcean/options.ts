import type { PhpArray, PhpValue } from '../phpFormParser.ts';
import { phpBool, phpList } from '../phpFormParser.ts';
import { invalid } from './errors.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
	return EMAIL.test(value);
}

/**
 * Reads an action's `options` as the server sees them after PHP parsed the form (every scalar
 * is text), and answers 422 with "<Label> is required" style messages when one is missing or wrong.
 */
export class OptionReader {
	readonly raw: PhpArray;

	constructor(raw: PhpArray) {
		this.raw = raw;
	}

	/** Trimmed text, or undefined when absent, empty or not a scalar. */
	text(key: string): string | undefined {
		return textOf(this.raw[key]);
	}

	required(key: string, label: string): string {
		const value = this.text(key);
		if (value === undefined) throw invalid(`${label} is required`);
		return value;
	}

	/** Whether the field is present at all, even empty. */
	has(key: string): boolean {
		return this.raw[key] !== undefined;
	}

	/** A whole number within bounds, or `fallback` when absent. */
	integer(key: string, label: string, bounds: { min?: number; max?: number }, fallback?: number): number | undefined {
		const value = this.text(key);
		if (value === undefined) return fallback;
		if (!/^-?\d+$/.test(value)) throw invalid(`${label} must be an integer`);
		const number = Number(value);
		if (bounds.min !== undefined && number < bounds.min) throw invalid(`${label} must be at least ${bounds.min}`);
		if (bounds.max !== undefined && number > bounds.max) throw invalid(`${label} may not be greater than ${bounds.max}`);
		return number;
	}

	/** A flag as Laravel reads it: "1", "true", "on", "yes" are true. */
	flag(key: string): boolean {
		return phpBool(this.raw[key]);
	}

	/**
	 * A flag the reference types as "string True/False" (is_send_email, is_delete_users): absent is
	 * off, `True` and `False` are what they say, anything else (the `1` a PHP boolean becomes, too) is
	 * refused with a 422, because the reference documents only these two spellings.
	 */
	trueFalse(key: string, label: string): boolean {
		const value = this.raw[key];
		if (value === undefined) return false;
		if (value === 'True' || value === 'False') return value === 'True';
		throw invalid(`${label} must be True or False`);
	}

	/** A flag that defaults to true when the field is absent. */
	flagOr(key: string, fallback: boolean): boolean {
		return this.has(key) ? this.flag(key) : fallback;
	}

	/** The entries of a list field (`key[]=…`); a single value counts as a one-entry list. */
	list(key: string): PhpValue[] {
		return phpList(this.raw[key]);
	}

	/** A list of non-empty texts. */
	texts(key: string, label: string, required: boolean): string[] {
		const values = this.list(key).map((entry) => {
			const value = textOf(entry);
			if (value === undefined) throw invalid(`${label} must be a list of texts`);
			return value;
		});
		if (required && !values.length) throw invalid(`${label} is required`);
		return values;
	}

	/** A list of email addresses. */
	emails(key: string, label: string, required = true): string[] {
		const values = this.texts(key, label, required);
		const wrong = values.find((value) => !isEmail(value));
		if (wrong !== undefined) throw invalid(`${wrong} is not a valid email`);
		return values;
	}

	/** A list of nested records (`key[0][email]=…`), each read with its own OptionReader. */
	records(key: string, label: string): OptionReader[] {
		const values = this.list(key);
		if (!values.length) throw invalid(`${label} is required`);
		return values.map((value) => {
			if (typeof value === 'string') throw invalid(`${label} must be a list of records`);
			return new OptionReader(value);
		});
	}

	/** A map keyed by learner email (`records[a@b.com][]=…`). */
	byEmail(key: string, label: string): Array<[string, PhpValue]> {
		const value = this.raw[key];
		if (value === undefined || typeof value === 'string' || !Object.keys(value).length) throw invalid(`${label} is required`);
		const entries = Object.entries(value);
		const wrong = entries.find(([email]) => !isEmail(email));
		if (wrong) throw invalid(`${wrong[0]} is not a valid email`);
		return entries;
	}
}

function textOf(value: PhpValue | undefined): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
