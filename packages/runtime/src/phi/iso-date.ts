/** A calendar date written as `YYYY-MM-DD`, with no time of day and no time zone. */
export type IsoDate = string;
