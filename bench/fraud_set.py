"""A labelled, seeded set of signups for the attribution and fraud bench (bench/attribution.py).

About 300 honest friends and 200 fraudulent signups over two weeks of one shop, in the families
the referral platforms' fraud guides (ReferralCandy, Friendbuy, Dub, Rewardful, Extole, Talkable)
describe, with the honest look-alikes each check must leave alone. Everything is drawn from
`random.Random(seed)`, so one seed is one replayable set; nothing here talks to Goodword.

Each signup carries its label (honest or fraud), its family and the promoter who should be
credited (None: nobody should be). The replay (bench/attribution.py) plays the events in time
order through the public API as a shop and its visitors would: browsers following links (their
own cookie jar, address and user agent), the shop keeping the latest `gw_click` it was handed,
the friend's signup posted by the shop's server with what the API documents.
"""

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
DAYS = 14
SHOP_HOST = "shop.bench.example"

# Common user agents, most common first; weights roughly as a small shop's traffic has them.
USER_AGENTS = [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 16),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 14),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", 12),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15", 8),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.6 Mobile/15E148 Safari/604.1", 7),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0", 5),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 6),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 5),
    ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", 4),
    ("Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Mobile/15E148 Safari/604.1", 3),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36", 4),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 2),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", 3),
    ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", 3),
]
FIRST = (
    "ana", "james", "maria", "john", "emma", "liam", "olivia", "noah", "sofia", "lucas", "mia",
    "ethan", "chloe", "mateo", "zoe", "daniel", "grace", "leo", "nora", "adam", "ella", "ryan",
    "ivy", "owen", "lily", "jack", "ruby", "sam", "alice", "ben", "clara", "david", "eva",
    "felix", "hannah", "isaac", "julia", "kai", "laura", "marco", "nina", "oscar", "paula",
    "quinn", "rosa", "tom", "uma", "victor", "wendy", "yusuf"
)
LAST = (
    "smith", "garcia", "miller", "brown", "jones", "davis", "lopez", "wilson", "moore",
    "taylor", "thomas", "white", "harris", "martin", "clark", "lewis", "walker", "young",
    "allen", "king", "wright", "scott", "green", "baker", "adams", "nelson", "hill", "campbell",
    "mitchell", "roberts", "carter", "phillips", "evans", "turner", "torres", "parker",
    "collins", "edwards", "stewart", "morris", "murphy", "cook", "rogers", "morgan", "peterson",
    "cooper", "reed", "bailey", "bell", "kelly"
)
PROVIDERS = (("gmail.com", 45), ("yahoo.com", 12), ("outlook.com", 10), ("hotmail.com", 8),
             ("icloud.com", 10), ("aol.com", 2), ("proton.me", 3), ("comcast.net", 3),
             ("fastmail.com", 1))
# A farmer's own domain with a catch-all mailbox, and a residential proxy provider's pool.
FARM_DOMAIN = "mk-rewards.net"
# Throwaway providers farms use (all on Goodword's shipped list).
THROWAWAY = ("mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com")
# A campus's network address translation, a mobile carrier's (100.64.0.0/10 is carrier NAT),
# an anonymising relay's exits (addresses of a relay provider's range), a cloud region's.
CAMPUS_EXITS = ("128.84.21.10", "128.84.21.11", "128.84.21.12")
CARRIER_EXITS = ("100.72.14.9", "100.72.14.77")
RELAY_EXITS = ("172.225.46.12", "172.225.46.40", "172.225.46.41", "172.225.46.97")
DATACENTER = tuple(f"3.91.171.{n}" for n in (17, 23, 88, 140, 201))
HEADLESS_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "HeadlessChrome/121.0.6167.85 Safari/537.36")
# An odd, exact user agent a farm's tool sends through every proxy.
FARM_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/118.0.5993.88 Safari/537.36")


@dataclass
class Browser:
    """A browser: its own cookie jar in the replay, an address, a user agent, and the shop's
    first-party device id (what the shop's own storage keeps for it)."""

    name: str
    ip: str
    user_agent: str
    device_id: str


@dataclass
class PromoterPlan:
    key: str
    email: str
    name: str
    browser: Browser
    # How Goodword meets the promoter: "widget" (after an order), "api" (the shop enrolls them).
    joins_by: str = "widget"
    opens_portal: bool = False


@dataclass
class Signup:
    key: str
    label: str  # "honest" or "fraud"
    family: str
    browser: Browser
    email: str
    expected: str | None  # the promoter key that should be credited, or None
    code: str | None = None  # the promoter key whose code the friend typed
    existing_customer: bool = False


@dataclass(order=True)
class Event:
    at: datetime
    seq: int
    kind: str = field(compare=False)  # enroll, portal, click, order, signup
    promoter: str | None = field(default=None, compare=False)
    browser: Browser | None = field(default=None, compare=False)
    referrer: str | None = field(default=None, compare=False)
    signup: Signup | None = field(default=None, compare=False)
    customer: tuple[str, str] | None = field(default=None, compare=False)  # (external id, email)


class ScenarioSet:
    def __init__(self, seed: int = 20):
        self.rng = random.Random(seed)
        self.promoters: dict[str, PromoterPlan] = {}
        self.signups: list[Signup] = []
        self.events: list[Event] = []
        self._seq = 0
        self._emails: set[str] = set()
        self._numbers = iter(range(1, 10**6))

    # --- the parts of a world -------------------------------------------------------------

    def ua(self) -> str:
        return self.rng.choices([u for u, _ in USER_AGENTS], [w for _, w in USER_AGENTS])[0]

    def home_ip(self) -> str:
        """A residential address: a random public /24 of a consumer ISP."""
        first = self.rng.choice((24, 47, 67, 68, 71, 73, 76, 81, 86, 92, 98, 108, 174, 185))
        return f"{first}.{self.rng.randint(1, 254)}.{self.rng.randint(0, 255)}." \
               f"{self.rng.randint(2, 254)}"

    def device(self) -> str:
        return "dev_" + "".join(self.rng.choices(string.ascii_letters + string.digits, k=22))

    def browser(self, ip: str | None = None, user_agent: str | None = None) -> Browser:
        return Browser(f"b{next(self._numbers)}", ip or self.home_ip(), user_agent or self.ua(),
                       self.device())

    def person(self, domain: str | None = None) -> tuple[str, str]:
        """A (name, email) nobody in the set has yet."""
        while True:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            style = self.rng.random()
            if style < 0.4:
                local = f"{first}.{last}"
            elif style < 0.7:
                local = f"{first}{last}{self.rng.randint(1, 99)}"
            elif style < 0.85:
                local = f"{first[0]}{last}{self.rng.randint(10, 999)}"
            else:
                local = f"{first}_{last}{self.rng.randint(1970, 2006)}"
            provider = domain or self.rng.choices([p for p, _ in PROVIDERS],
                                                  [w for _, w in PROVIDERS])[0]
            email = f"{local}@{provider}"
            if email not in self._emails:
                self._emails.add(email)
                return f"{first.title()} {last.title()}", email

    def alias(self, email: str, number: int) -> str:
        """Another address of the same person: a +tag or dots where the provider ignores them
        (the commonest trick in the guides), the same name at another provider, a digit more."""
        local, domain = email.split("@")
        choices = [f"{local}+{self.rng.choice(('ref', 'deal', 'x', '2'))}@{domain}",
                   f"{local}@{self.rng.choice(('outlook.com', 'yahoo.com', 'proton.me'))}",
                   f"{local}{self.rng.randint(2, 99)}@{domain}"]
        if domain == "gmail.com" and "." not in local:
            choices.append(f"{local[:3]}.{local[3:]}@{domain}")
        alias = choices[number % len(choices)]
        while alias in self._emails:
            alias = f"{local}{self.rng.randint(100, 999)}@{domain}"
        self._emails.add(alias)
        return alias

    def relay_email(self) -> str:
        local = "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=10))
        return f"{local}@privaterelay.appleid.com"

    def at(self, day: float, hour: float | None = None) -> datetime:
        hour = self.rng.uniform(7, 23) if hour is None else hour
        return START + timedelta(days=int(day), hours=hour)

    def event(self, at: datetime, kind: str, **fields) -> Event:
        self._seq += 1
        event = Event(at, self._seq, kind, **fields)
        self.events.append(event)
        return event

    def promoter(self, *, joins_at: datetime, joins_by: str | None = None,
                 opens_portal: bool | None = None, browser: Browser | None = None
                 ) -> PromoterPlan:
        name, email = self.person()
        key = f"p{len(self.promoters) + 1}"
        plan = PromoterPlan(key, email, name, browser or self.browser(),
                            joins_by or self.rng.choices(("widget", "api"), (7, 3))[0],
                            self.rng.random() < 0.3 if opens_portal is None else opens_portal)
        self.promoters[key] = plan
        self.event(joins_at, "enroll", promoter=key, browser=plan.browser)
        if plan.opens_portal:
            self.event(joins_at + timedelta(minutes=self.rng.uniform(2, 600)), "portal",
                       promoter=key, browser=plan.browser)
        if self.rng.random() < 0.3:  # promoters try their own link once
            self.event(joins_at + timedelta(minutes=self.rng.uniform(1, 60)), "click",
                       promoter=key, browser=plan.browser)
        return plan

    def signup(self, at: datetime, *, label: str, family: str, browser: Browser, email: str,
               expected: str | None, code: str | None = None, **extra) -> Signup:
        signup = Signup(f"s{len(self.signups) + 1}", label, family, browser, email, expected,
                        code, **extra)
        self.signups.append(signup)
        self.event(at, "signup", signup=signup, browser=browser)
        return signup

    def click_then_signup(self, at: datetime, promoter: str, *, label: str, family: str,
                          browser: Browser | None = None, email: str | None = None,
                          expected: str | None = "promoter", delay: timedelta | None = None,
                          **extra) -> Signup:
        """A visitor follows the promoter's link and signs up after `delay` (a real person
        browses and fills a form: a minute to days)."""
        browser = browser or self.browser()
        delay = delay or timedelta(seconds=min(3 * 86400, 40 + self.rng.lognormvariate(6, 1.6)))
        self.event(at, "click", promoter=promoter, browser=browser)
        return self.signup(at + delay, label=label, family=family, browser=browser,
                           email=email or self.person()[1],
                           expected=promoter if expected == "promoter" else expected, **extra)

    def background_clicks(self, promoter: str, count: int, start: datetime, hours: float,
                          ip_pool: tuple[str, ...] | None = None) -> None:
        """Visitors who follow the link and never sign up: a real audience."""
        for _ in range(count):
            ip = self.rng.choice(ip_pool) if ip_pool else None
            self.event(start + timedelta(hours=self.rng.uniform(0, hours)), "click",
                       promoter=promoter, browser=self.browser(ip=ip))


def build(seed: int = 20) -> ScenarioSet:
    """The whole set: promoters, labelled signups and every event, in time order."""
    s = ScenarioSet(seed)
    rng = s.rng
    customers = [s.promoter(joins_at=s.at(0, rng.uniform(0, 8))) for _ in range(60)]
    ordinary = [p.key for p in customers]
    for key in ordinary:
        s.background_clicks(key, rng.randint(2, 12), s.at(1), 24 * (DAYS - 2))

    # --- honest ----------------------------------------------------------------------------
    for _ in range(120):  # friends who followed a friend's link, each on their own network
        s.click_then_signup(s.at(rng.uniform(1, DAYS - 1)), rng.choice(ordinary),
                            label="honest", family="friend_link")
    for _ in range(30):  # friends who typed the code they were told, no click
        promoter = rng.choice(ordinary)
        s.signup(s.at(rng.uniform(1, DAYS)), label="honest", family="friend_code",
                 browser=s.browser(), email=s.person()[1], expected=promoter, code=promoter)
    stuffers = [s.promoter(joins_at=s.at(0.5), joins_by="api") for _ in range(3)]
    for number in range(30):  # a real friend, then a click injected at signup by an extension
        real, stuffer = rng.choice(ordinary), rng.choice(stuffers).key
        browser = s.browser()
        first = s.at(rng.uniform(1, DAYS - 3))
        s.event(first, "click", promoter=real, browser=browser)
        signup_at = first + timedelta(hours=rng.uniform(0.2, 60))
        s.event(signup_at - timedelta(seconds=rng.uniform(2, 12)), "click", promoter=stuffer,
                browser=browser, referrer=f"https://{SHOP_HOST}/account/register")
        s.signup(signup_at, label="honest", family="injected_last_click", browser=browser,
                 email=s.person()[1], expected=real, code=real if number % 2 else None)
    viral = s.promoter(joins_at=s.at(2), joins_by="widget")
    post = s.at(6, 18)
    s.background_clicks(viral.key, 600, post, 3)
    for index in range(45):  # a viral post: 45 signups from 45 networks in an hour
        s.click_then_signup(post + timedelta(minutes=rng.uniform(0, 50)), viral.key,
                            label="honest", family="viral_post",
                            delay=timedelta(seconds=rng.uniform(60, 900)),
                            **({"code": viral.key} if index % 9 == 0 else {}))
    for _ in range(15):  # friends on one mobile carrier's NAT, the same day
        s.click_then_signup(s.at(8) + timedelta(hours=rng.uniform(0, 10)), rng.choice(ordinary),
                            label="honest", family="carrier_nat",
                            browser=s.browser(ip=rng.choice(CARRIER_EXITS),
                                              user_agent=rng.choice([u for u, _ in
                                                                     USER_AGENTS[:3]])))
    students = [s.promoter(joins_at=s.at(3), browser=s.browser(ip=rng.choice(CAMPUS_EXITS)))
                for _ in range(4)]
    for student in students:
        s.background_clicks(student.key, 25, s.at(9), 10, ip_pool=CAMPUS_EXITS)
    for index in range(20):  # a campus: one university's NAT, four student promoters
        s.click_then_signup(s.at(9) + timedelta(hours=rng.uniform(0, 12)),
                            students[index % 4].key, label="honest", family="campus",
                            browser=s.browser(ip=rng.choice(CAMPUS_EXITS)),
                            email=s.person(domain="student.cornell.edu")[1])
    for number in range(12):  # a spouse or flatmate at home: the family computer, or own phone
        promoter = s.promoters[rng.choice(ordinary)]
        home = promoter.browser
        # Every other one on the promoter's own browser: same cookies, same device id.
        browser = home if number % 2 == 0 else s.browser(ip=home.ip)
        s.click_then_signup(s.at(rng.uniform(4, DAYS - 1)), promoter.key, label="honest",
                            family="household", browser=browser)
    for _ in range(12):  # friends behind a privacy relay, with hide-my-email addresses
        s.click_then_signup(s.at(rng.uniform(2, 4)), rng.choice(ordinary), label="honest",
                            family="privacy_relay",
                            browser=s.browser(ip=rng.choice(RELAY_EXITS),
                                              user_agent=USER_AGENTS[0][0]),
                            email=s.relay_email())
    for _ in range(6):  # a link followed 40 days ago: nobody is to be credited
        promoter = rng.choice(ordinary)
        browser = s.browser()
        s.event(s.at(-40), "click", promoter=promoter, browser=browser)
        s.signup(s.at(rng.uniform(1, DAYS)), label="honest", family="expired_click",
                 browser=browser, email=s.person()[1], expected=None)
    _fraud(s, ordinary, stuffers)
    s.events.sort()
    return s


def _fraud(s: ScenarioSet, ordinary: list[str], stuffers: list[PromoterPlan]) -> None:
    rng = s.rng
    for _ in range(18):  # an organic shopper; an extension injects a click seconds before
        browser = s.browser()
        signup_at = s.at(rng.uniform(1, DAYS))
        from_checkout = rng.random() < 0.6
        s.event(signup_at - timedelta(seconds=rng.uniform(2, 12)), "click",
                promoter=rng.choice(stuffers).key, browser=browser,
                referrer=f"https://{SHOP_HOST}/checkout" if from_checkout else None)
        s.signup(signup_at, label="fraud", family="cookie_stuffing", browser=browser,
                 email=s.person()[1], expected=None)
    # Self-referral: the promoter signs up again, as someone else.
    for number in range(10):  # on their own browser, with another spelling of their address
        promoter = s.promoters[rng.choice(ordinary)]
        s.click_then_signup(s.at(rng.uniform(4, DAYS)), promoter.key, label="fraud",
                            family="self_same_browser", browser=promoter.browser,
                            email=s.alias(promoter.email, number), expected=None)
    for number in range(12):  # incognito: the promoter's network and browser, fresh cookies
        promoter = s.promoters[rng.choice(ordinary)]
        s.click_then_signup(s.at(rng.uniform(4, DAYS)), promoter.key, label="fraud",
                            family="self_incognito",
                            browser=s.browser(ip=promoter.browser.ip,
                                              user_agent=promoter.browser.user_agent),
                            email=s.alias(promoter.email, number) if number % 2 else None,
                            expected=None)
    for number in range(10):  # the promoter's second device on the same home network
        promoter = s.promoters[rng.choice(ordinary)]
        s.click_then_signup(s.at(rng.uniform(4, DAYS)), promoter.key, label="fraud",
                            family="self_second_device", browser=s.browser(ip=promoter.browser.ip),
                            email=s.alias(promoter.email, number) if number % 2 else None,
                            expected=None)
    for _ in range(3):  # a ring: five accounts made from one browser after one click
        ringleader = s.promoter(joins_at=s.at(rng.uniform(3, 8)), joins_by="api")
        ring = s.browser()
        moment = s.at(rng.uniform(9, DAYS - 1))
        s.event(moment, "click", promoter=ringleader.key, browser=ring)
        for _ in range(5):
            moment += timedelta(minutes=rng.uniform(5, 90))
            s.signup(moment, label="fraud", family="self_ring", browser=ring,
                     email=s.person()[1], expected=None)
    for _ in range(10):  # a friend referred already signs up again with an alias of their address
        first = s.click_then_signup(s.at(rng.uniform(1, 6)), rng.choice(ordinary),
                                    label="honest", family="friend_link")
        s.signups.remove(first)  # the first signup is one of the honest friends above
        s.signups.insert(0, first)
        s.click_then_signup(s.at(rng.uniform(7, DAYS)), rng.choice(ordinary), label="fraud",
                            family="repeat_friend_alias", email=s.alias(first.email, 0),
                            expected=None)
    # Farms: one promoter each, signups spread over networks.
    farmer = s.promoter(joins_at=s.at(4), joins_by="api")
    moment, base = s.at(5, 10), rng.choice(("kmiller", "jsmith", "tomwhite"))
    for number in range(101, 126):  # kmiller101..125@yahoo.com through 25 proxies
        moment += timedelta(minutes=rng.uniform(3, 12))
        s.click_then_signup(moment, farmer.key, label="fraud", family="farm_sequential",
                            email=f"{base}{number}@yahoo.com", expected=None,
                            delay=timedelta(seconds=rng.uniform(30, 120)))
    farmer = s.promoter(joins_at=s.at(6), joins_by="api")
    moment = s.at(7, 9)
    for _ in range(20):  # a catch-all domain the farmer owns
        moment += timedelta(minutes=rng.uniform(10, 40))
        s.click_then_signup(moment, farmer.key, label="fraud", family="farm_catch_all",
                            email=s.person(domain=FARM_DOMAIN)[1], expected=None,
                            delay=timedelta(seconds=rng.uniform(30, 120)))
    farmer = s.promoter(joins_at=s.at(8), joins_by="widget")
    moment = s.at(10, 8)
    for _ in range(25):  # one exact user agent through 25 proxy addresses
        moment += timedelta(minutes=rng.uniform(5, 20))
        s.click_then_signup(moment, farmer.key, label="fraud", family="farm_one_agent",
                            browser=s.browser(user_agent=FARM_UA), expected=None,
                            email=s.person(domain=rng.choice(THROWAWAY))[1]
                            if rng.random() < 0.5 else None,
                            delay=timedelta(seconds=rng.uniform(30, 120)))
    farmer = s.promoter(joins_at=s.at(9), joins_by="api")
    moment = s.at(11, 2)
    for index in range(10):  # headless browsers on 5 datacenter addresses
        moment += timedelta(minutes=rng.uniform(2, 10))
        s.click_then_signup(moment, farmer.key, label="fraud", family="farm_datacenter",
                            browser=s.browser(ip=DATACENTER[index % 5], user_agent=HEADLESS_UA),
                            email=s.person(domain=rng.choice(THROWAWAY))[1], expected=None,
                            delay=timedelta(seconds=rng.uniform(20, 60)))
    leaked = rng.choice(ordinary)
    for _ in range(25):  # a code posted on a coupon site: code-only signups, a few a day
        s.signup(s.at(rng.uniform(2, DAYS)), label="fraud", family="leaked_code",
                 browser=s.browser(), email=s.person()[1], expected=None, code=leaked)
    for _ in range(20):  # customers for months who sign up again through a friend's link
        customer_id = f"cust_{next(s._numbers)}"
        email = s.person()[1]
        s.event(START - timedelta(days=rng.uniform(30, 200)), "order",
                customer=(customer_id, email))
        s.click_then_signup(s.at(rng.uniform(1, DAYS)), rng.choice(ordinary), label="fraud",
                            family="existing_customer", email=email, expected=None,
                            existing_customer=True).key = customer_id
