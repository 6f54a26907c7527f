package dev.devflow.knowledgehub.crawl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses are on the public internet. Everything else is refused to crawls outside local
 * mode: the IANA special-purpose ranges of IPv4 and IPv6 (loopback, private, shared, link-local,
 * documentation, benchmarking, reserved, multicast, broadcast), and IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) when the address they carry is not public, or always
 * when they are tunnels (Teredo).
 */
final class PublicAddresses {

  private PublicAddresses() {}

  static boolean isPublic(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return publicV4(b, 0);
    }
    if (address instanceof Inet6Address) {
      return publicV6(b);
    }
    return false;
  }

  /** The IPv4 address at offset (four bytes). */
  static boolean publicV4(byte[] b, int at) {
    int a0 = b[at] & 0xff;
    int a1 = b[at + 1] & 0xff;
    int a2 = b[at + 2] & 0xff;
    if (a0 == 0 // "this network" 0.0.0.0/8
        || a0 == 10 // private
        || a0 == 127 // loopback
        || a0 >= 224) { // multicast 224/4, reserved 240/4, broadcast 255.255.255.255
      return false;
    }
    return !((a0 == 100 && a1 >= 64 && a1 < 128) // shared address space (CGNAT)
        || (a0 == 169 && a1 == 254) // link-local
        || (a0 == 172 && a1 >= 16 && a1 < 32) // private
        || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
        || (a0 == 192 && a1 == 0 && a2 == 2) // documentation TEST-NET-1
        || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
        || (a0 == 192 && a1 == 168) // private
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // documentation TEST-NET-2
        || (a0 == 203 && a1 == 0 && a2 == 113)); // documentation TEST-NET-3
  }

  static boolean publicV6(byte[] b) {
    if (zeros(b, 0, 10)) {
      boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      // ::ffff:a.b.c.d carries an IPv4 address; ::a.b.c.d (deprecated), ::1 and :: are never
      // public.
      return mapped && publicV4(b, 12);
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (w0 == 0x0064 && w1 == 0xff9b && zeros(b, 4, 8)) {
      return publicV4(b, 12); // NAT64 64:ff9b::/96
    }
    if ((w0 & 0xe000) != 0x2000) {
      return false; // outside global unicast 2000::/3: ULA, link-local, multicast, reserved
    }
    if (w0 == 0x2001 && w1 < 0x0200) {
      return false; // 2001::/23 IETF assignments (Teredo, ORCHID, benchmarking...)
    }
    if (w0 == 0x2001 && w1 == 0x0db8) {
      return false; // documentation
    }
    if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
      return false; // documentation 3fff::/20
    }
    if (w0 == 0x2002) {
      return publicV4(b, 2); // 6to4 carries an IPv4 address
    }
    return true;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
