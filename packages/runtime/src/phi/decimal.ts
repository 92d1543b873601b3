/**
 * An exact decimal number written as digits, such as `-12.50`. It stays a string so that
 * trailing zeros and precision survive storage.
 */
export type Decimal = string;
