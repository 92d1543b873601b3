const isoDatePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Tells whether text is a `YYYY-MM-DD` date that exists in the proleptic Gregorian calendar,
 * so `2024-02-29` passes and `2023-02-29` and `2024-13-01` fail.
 */
export function isCalendarDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (match === null) {
    return false;
  }

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lastDay = month === 2 && isLeapYear ? 29 : (daysInMonth[month - 1] ?? 0);
  return day <= lastDay;
}
