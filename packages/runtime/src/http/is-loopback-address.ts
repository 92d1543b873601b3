import { isIPv4 } from 'node:net';

/** Tells whether a socket's remote address is on the loopback interface (127.0.0.0/8 or ::1). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) {
    return false;
  }
  if (address === '::1') {
    return true;
  }
  // A dual-stack server reports IPv4 peers as IPv4-mapped IPv6 addresses.
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return isIPv4(ipv4) && ipv4.startsWith('127.');
}
