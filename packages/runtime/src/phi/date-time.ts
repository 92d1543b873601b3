/**
 * An instant in time. Generated code uses this alias instead of the global `Date`, because a
 * spec may define a model named `Date`.
 */
export type DateTime = Date;
