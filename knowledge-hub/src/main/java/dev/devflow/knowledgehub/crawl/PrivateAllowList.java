package dev.devflow.knowledgehub.crawl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The private hosts and networks an operator lets crawls reach (on-prem teams crawl their
 * intranet): CIDRs ({@code 10.20.0.0/16}, {@code fd00::/8}), single addresses, host names ({@code
 * wiki.corp}) and name suffixes ({@code *.corp}). Empty by default, so the crawl guard refuses
 * every private address. A listed name may resolve to private addresses, but not to loopback or
 * link-local ones (the host itself, cloud metadata): those need a CIDR that says so.
 */
final class PrivateAllowList {

  private record Network(byte[] prefix, int bits) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (prefix[full] & mask);
    }
  }

  static final PrivateAllowList NONE = new PrivateAllowList(List.of(), List.of(), List.of());

  private final List<Network> networks;
  private final List<String> hosts;
  private final List<String> suffixes;

  private PrivateAllowList(List<Network> networks, List<String> hosts, List<String> suffixes) {
    this.networks = networks;
    this.hosts = hosts;
    this.suffixes = suffixes;
  }

  /** Parses the operator's entries; an entry that is none of the forms above is an error. */
  static PrivateAllowList parse(List<String> entries, String setting) {
    List<Network> networks = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    List<String> suffixes = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.startsWith("*.") && validName(entry.substring(2))) {
        suffixes.add(entry.substring(1));
      } else if (entry.contains("/") || literal(entry)) {
        networks.add(network(entry, setting));
      } else if (validName(entry)) {
        hosts.add(entry);
      } else {
        throw invalid(entry, setting);
      }
    }
    return new PrivateAllowList(List.copyOf(networks), List.copyOf(hosts), List.copyOf(suffixes));
  }

  boolean isEmpty() {
    return networks.isEmpty() && hosts.isEmpty() && suffixes.isEmpty();
  }

  /** Whether a crawl may reach this non-public address of this host. */
  boolean allows(String host, InetAddress address) {
    for (Network n : networks) {
      if (n.contains(address)) {
        return true;
      }
    }
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    return hosts.contains(name) || suffixes.stream().anyMatch(name::endsWith);
  }

  private static Network network(String entry, String setting) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (!literal(address)) {
      throw invalid(entry, setting);
    }
    byte[] bytes;
    try {
      // A literal: getByName parses it without a lookup.
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw invalid(entry, setting);
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw invalid(entry, setting);
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw invalid(entry, setting);
      }
    }
    return new Network(bytes, bits);
  }

  private static boolean literal(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-f:.]+"));
  }

  private static boolean validName(String s) {
    return s.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  }

  private static IllegalArgumentException invalid(String entry, String setting) {
    return new IllegalArgumentException(
        setting
            + ": '"
            + entry
            + "' is neither a CIDR (10.20.0.0/16), an address, a host name (wiki.corp) nor a"
            + " suffix (*.corp).");
  }
}
