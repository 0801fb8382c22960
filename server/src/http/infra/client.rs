//! Who is on the other end: the client's address and whether it came over
//! HTTPS. Behind a reverse proxy every connection comes from the proxy, so
//! the proxy's `X-Forwarded-For` and `X-Forwarded-Proto` are believed — but
//! only from the peers `XIAONENG_TRUSTED_PROXIES` names. From anyone else
//! both headers are ignored: a client cannot choose its own address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::AppState;

/// The client of a request, as far as this server can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub ip: IpAddr,
    /// The client reached us (or our trusted proxy) over HTTPS.
    pub https: bool,
}

impl Client {
    /// What per-address limits count: the address itself, or for IPv6 its
    /// /64 (one subscriber's network: a client picks any address in it).
    pub fn bucket(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                    format!("{net}/64")
                }
            },
        }
    }
}

/// Parses one entry of `XIAONENG_TRUSTED_PROXIES`: an address (`10.0.0.5`,
/// `::1`) or a network (`10.0.0.0/8`).
pub fn parse_proxy(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{s:?} is neither an address nor a network (10.0.0.0/8)"))
}

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    proxies.iter().any(|net| net.contains(&ip))
}

/// One hop of `X-Forwarded-For`: an address, perhaps with a port
/// (`203.0.113.7:5000`, `[2001:db8::1]:443`).
fn hop(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client of a request that came from `peer` with `headers`.
///
/// From a trusted peer, the client is the right-most hop of
/// `X-Forwarded-For` that is not itself a trusted proxy (every hop to its
/// right was added by one of ours; anything to its left the client may
/// have written), and the scheme is the last `X-Forwarded-Proto` value.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> Client {
    if !trusted(peer, proxies) {
        return Client {
            ip: peer,
            https: false,
        };
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut ip = peer;
    for raw in hops.iter().rev() {
        match hop(raw) {
            Some(address) if trusted(address, proxies) => ip = address,
            Some(address) => {
                ip = address;
                break;
            }
            // Unreadable: whoever wrote it is not one of ours; the last
            // proxy that was is the nearest address we know.
            None => break,
        }
    }
    let https = headers
        .get_all("x-forwarded-proto")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    Client { ip, https }
}

/// Puts the request's [`Client`] among its extensions for the handlers.
pub async fn resolve(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(a)| a.ip());
    let client = client_of(peer, request.headers(), &app.config.trusted_proxies);
    request.extensions_mut().insert(client);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
        ]);
        let c = client_of(ip("203.0.113.9"), &h, &[]);
        assert_eq!(c.ip, ip("203.0.113.9"));
        assert!(!c.https);
        let proxies = [parse_proxy("10.0.0.0/8").unwrap()];
        let c = client_of(ip("203.0.113.9"), &h, &proxies);
        assert_eq!(c.ip, ip("203.0.113.9"));
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = [
            parse_proxy("127.0.0.1").unwrap(),
            parse_proxy("10.0.0.0/8").unwrap(),
        ];
        // The client wrote 6.6.6.6 itself; nginx appended the real peer.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6, 198.51.100.20, 10.1.2.3"),
            ("x-forwarded-proto", "https"),
        ]);
        let c = client_of(ip("127.0.0.1"), &h, &proxies);
        assert_eq!(c.ip, ip("198.51.100.20"));
        assert!(c.https);
        // Several headers read as one list.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.21"),
        ]);
        assert_eq!(
            client_of(ip("::ffff:127.0.0.1"), &h, &proxies).ip,
            ip("198.51.100.21")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_of(ip("10.9.9.9"), &HeaderMap::new(), &proxies).ip,
            ip("10.9.9.9")
        );
        // Ports and brackets are read; garbage stops the walk.
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:443")]);
        assert_eq!(
            client_of(ip("127.0.0.1"), &h, &proxies).ip,
            ip("2001:db8::7")
        );
        let h = headers(&[("x-forwarded-for", "unknown, 10.0.0.2")]);
        assert_eq!(client_of(ip("127.0.0.1"), &h, &proxies).ip, ip("10.0.0.2"));
        // The last proto wins: the nearest proxy's word.
        let h = headers(&[("x-forwarded-proto", "https, http")]);
        assert!(!client_of(ip("127.0.0.1"), &h, &proxies).https);
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a = Client {
            ip: ip("2001:db8:1:2:aaaa::1"),
            https: false,
        };
        let b = Client {
            ip: ip("2001:db8:1:2:ffff:1:2:3"),
            https: false,
        };
        assert_eq!(a.bucket(), "2001:db8:1:2::/64");
        assert_eq!(a.bucket(), b.bucket());
        let v4 = Client {
            ip: ip("::ffff:192.0.2.1"),
            https: false,
        };
        assert_eq!(v4.bucket(), "192.0.2.1");
    }

    #[test]
    fn proxies_are_addresses_or_networks() {
        assert_eq!(
            parse_proxy(" 10.0.0.5 ").unwrap().to_string(),
            "10.0.0.5/32"
        );
        assert_eq!(parse_proxy("::1").unwrap().to_string(), "::1/128");
        assert_eq!(parse_proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert!(parse_proxy("nginx").is_err());
    }
}
