import type { FieldProblem } from '../visit/fields';
import type { MessageKey } from '../messages';

/** The catalogue key of a field problem (the sentence under the field). */
export const fieldKey = (problem: FieldProblem): MessageKey => `field.${problem}`;
