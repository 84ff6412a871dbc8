"""The exercise set as data: classic problems, each with what its answer is judged against.

Each :class:`Exercise` names one catalog entry with parameters and units, or a signed sum of
entries (``parts``) for quantities built from several verified derivations (the information
about a normal mean is a difference of two Gaussian entropies).  ``answer`` is one correct
answer (tests check it is accepted), ``wrong`` a typical mistake with the diagnosis it should
get.  ``given`` binds names used in the statement (``n``, ``sigma0``) to their values so that
a formula in them can be typed.  Judging them is :mod:`.exercises`.

Example
-------
>>> [e.id for e in EXERCISES][:3]
['fair-die', 'biased-coin', 'at-most-50']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

__all__ = ["Exercise", "EXERCISES"]


@dataclass(frozen=True)
class Exercise:
    """One exercise (see the module docstring)."""

    id: str
    title: str
    statement: str
    parts: tuple  # ((coefficient, entry name, params dict), ...)
    units: str
    answer: str
    hints: tuple
    source: str
    wrong: tuple = ()  # (claim, start of the expected diagnosis sentence)
    given: dict = field(default_factory=dict)

    @property
    def entries(self) -> tuple:
        return tuple(dict.fromkeys(name for _, name, _ in self.parts))


def _one(name, params=None, units="bits"):
    return ((1, name, dict(params or {})),), units


def _ex(id, title, statement, target, answer, hints, source, wrong=(), given=None):
    parts, units = target
    return Exercise(id, title, statement, parts, units, answer, tuple(hints), source,
                    tuple(wrong), dict(given or {}))


EXERCISES = (
    _ex("fair-die", "Entropy of a fair die",
        "A fair six-sided die is rolled. What is the entropy of the outcome, in **bits**?",
        _one("entropy/discrete_uniform", {"n": "6"}),
        "log2(6)",
        ("All six outcomes have probability $1/6$.",
         "$H = -\\sum_i p_i \\log_2 p_i$ with every $p_i$ equal.",
         "For $n$ equally likely outcomes $H = \\log_2 n$."),
        "Cover & Thomas, Elements of Information Theory, 2nd ed., Sec. 2.1",
        (("ln(6)", "Bits vs nats"),)),
    _ex("biased-coin", "Entropy of a 0.9/0.1 coin",
        "A coin shows heads with probability 0.9. What is the entropy of one toss in **bits** "
        "(three decimals)?",
        _one("binary-entropy", {"p": "0.9"}),
        "0.469",
        ("$H(p) = -p\\log_2 p - (1-p)\\log_2(1-p)$.",
         "$-0.9\\log_2 0.9 \\approx 0.1368$ and $-0.1\\log_2 0.1 \\approx 0.3322$."),
        "Cover & Thomas, 2nd ed., Example 2.1.1",
        (("0.325", "Bits vs nats"),)),
    _ex("at-most-50", "Information in 'the number is at most 50'",
        "A number is drawn uniformly from 1, ..., 100. How much information, in **bits**, does "
        "the message *the number is at most 50* carry?",
        _one("self-information", {"p": "1/2"}),
        "1",
        ("The message has probability $P = 50/100$.",
         "The information of an event of probability $P$ is $-\\log_2 P$."),
        "Shannon (1948); Cover & Thomas, 2nd ed., Sec. 2.1",
        (("log(2)", "Bits vs nats"),)),
    _ex("binary-word", "Uncertainty per letter of a long binary word",
        "Consider binary words of length $k$ with 35% ones. Their number is "
        "$\\binom{k}{0.35k}$. Using Stirling's formula, what is the uncertainty per letter, "
        "$\\lim_{k\\to\\infty} \\frac{1}{k}\\log_2\\binom{k}{0.35k}$, in **bits** "
        "(three decimals)?",
        _one("stirling/binomial", {"p": "0.35"}),
        "0.934",
        ("$\\ln n! = n\\ln n - n + \\tfrac12\\ln(2\\pi n) + O(1/n)$.",
         "The leading terms give $k H(0.35)$; everything else grows like $\\ln k$.",
         "$H(0.35) = -0.35\\log_2 0.35 - 0.65\\log_2 0.65$."),
        "Cover & Thomas, 2nd ed., Sec. 11.1 (method of types); Example 11.1.3",
        (("0.647", "Bits vs nats"),)),
    _ex("halving-distribution", "Entropy of (1/2, 1/4, 1/8, ...)",
        "A random variable takes the value $k = 1, 2, 3, \\dots$ with probability $2^{-k}$. "
        "What is its entropy in **bits**?",
        _one("entropy/geometric", {"p": "1/2"}),
        "2",
        ("$H = \\sum_k 2^{-k} \\log_2 2^k = \\sum_k k\\,2^{-k}$.",
         "$\\sum_{k\\ge1} k x^k = x/(1-x)^2$ at $x = 1/2$."),
        "Cover & Thomas, 2nd ed., Example 2.1.2 and Problem 2.1",
        (("1", "A missing factor 2"),)),
    _ex("not-first-value", "Information in 'it is not the first value' (task 1.4)",
        "$X$ takes the value $k = 1, 2, 3, \\dots$ with probability $2^{-k}$. The information "
        "in a message about $X$ is the entropy before it minus the entropy after it, "
        "$H(X) - H(X \\mid \\text{message})$ (definition 1.5 of the course). How much "
        "information, in **bits**, does the message *it is not the first value* ($X \\ne 1$) "
        "carry?",
        _one("information-in-message", {"X": "geometric(1/2)", "event": "X != 1"}),
        "0",
        ("Before the message $H(X) = \\sum_k k\\,2^{-k} = 2$ bits.",
         "After it, $X$ has the pmf $2^{-k}/P(X \\ne 1) = 2^{-(k-1)}$ on $k = 2, 3, \\dots$: "
         "the same distribution shifted by one.",
         "The surprisal $-\\log_2 P(X \\ne 1) = 1$ bit is a different quantity: it is not "
         "the change of uncertainty."),
        "The course, definition 1.5 and task 1.4 (answer: 0); Cover & Thomas, 2nd ed., "
        "Sec. 2.1 (the geometric pmf)",
        (("1", "Missing additive constant"),)),
    _ex("message-adds-uncertainty", "A message that increases uncertainty (task 1.5)",
        "$X$ is 1 with probability $9/10$ and 2 or 3 with probability $1/20$ each. The message "
        "says *it is not the first value* ($X \\ne 1$). How much information, in **bits**, "
        "does it carry by definition 1.5, $H(X) - H(X \\mid \\text{message})$ (three "
        "decimals)?",
        _one("information-in-message", {"X": "{1: 9/10, 2: 1/20, 3: 1/20}",
                                        "event": "X != 1"}),
        "-0.431",
        ("Before: $H(X) = -0.9\\log_2 0.9 - 2 \\cdot 0.05 \\log_2 0.05 \\approx 0.569$ bits.",
         "After: 2 and 3 are equally likely, $H = 1$ bit.",
         "The uncertainty grew: the information is negative."),
        "The course, definition 1.5 and task 1.5",
        (("0.431", "Sign error"),)),
    _ex("two-bells", "A bit sent through Gaussian noise (task 1.12)",
        "$X$ is 0 or 1 with probability $1/2$ each; given $X$, $Y \\sim \\mathcal{N}(\\mu X, 1)$. "
        "How many **bits** of information about $X$ does the message $Y$ carry, $I(X; Y)$, for "
        "$\\mu = 2$ (three decimals)?",
        _one("mutual-information", {"model": "X ~ bernoulli(1/2); Y | X ~ normal(mu*X, 1)",
                                    "mu": "2"}),
        "0.486",
        ("$I(X;Y) = h(Y) - h(Y \\mid X)$ and $h(Y \\mid X) = \\tfrac12\\log_2(2\\pi e)$.",
         "$Y$ is the mixture $\\tfrac12\\mathcal{N}(0,1) + \\tfrac12\\mathcal{N}(\\mu,1)$; its "
         "entropy has no closed form: integrate numerically.",
         "The curve starts at 0 (quadratically) and tends to 1 bit as $\\mu$ grows."),
        "The course, task 1.12; Cover & Thomas, 2nd ed., Sec. 8.5",
        (("0.337", "Bits vs nats"),)),
    _ex("poisson-rate-one-count", "Information from one Poisson count (task 1.13)",
        "A rate $\\theta$ is drawn from an exponential distribution with mean 10; then "
        "$x \\sim \\text{Poisson}(\\theta)$. One measurement gives $x = 10$. How many "
        "**bits** of information about $\\theta$ did we gain, $h(\\text{prior}) - "
        "h(\\text{posterior})$ (three decimals)?",
        _one("information-gain", {"model": "theta ~ exponential(mean=10); x | theta ~ "
                                           "poisson(theta)", "observed": "10"}),
        "1.170",
        ("The exponential is a gamma with shape 1 and rate 1/10; it is conjugate to Poisson.",
         "Posterior: shape $1 + 10 = 11$, rate $1/10 + 1$.",
         "$h(\\text{Gamma}(a, b)) = a - \\ln b + \\ln\\Gamma(a) + (1 - a)\\psi(a)$ nats; the "
         "sequence 10, 9, 11, 8, 10 gives 2.271 bits."),
        "The course, task 1.13; Gelman et al., Bayesian Data Analysis, 3rd ed., Sec. 2.6",
        (("0.811", "Bits vs nats"),)),
    _ex("coin-bias-five-counts", "Information about a coin's bias from five counts (task 1.14)",
        "A bias $p$ is drawn once from Beta(2, 2); then five times $k \\sim "
        "\\text{Binomial}(100, p)$ gives 10, 9, 11, 8, 10 heads. How many **bits** of "
        "information about $p$ did the five counts give, $h(\\text{prior}) - "
        "h(\\text{posterior})$ (three decimals)?",
        _one("information-gain", {"model": "p ~ beta(2, 2); k | p ~ binomial(100, p)",
                                  "observed": "10,9,11,8,10"}),
        "4.011",
        ("Beta is conjugate to the binomial: add the heads to alpha, the tails to beta.",
         "Posterior Beta(2 + 48, 2 + 452).",
         "$h(\\text{Beta}(a, b)) = \\ln B(a,b) - (a-1)\\psi(a) - (b-1)\\psi(b) + "
         "(a+b-2)\\psi(a+b)$ nats; one count of 10 alone gives 2.803 bits."),
        "The course, task 1.14; Gelman et al., Bayesian Data Analysis, 3rd ed., Sec. 2.4",
        (("2.781", "Bits vs nats"),)),
    _ex("click-rates", "What a count tells about a click rate (task 1.15)",
        "A click rate $\\theta$ is uniform, Beta(1, 1); given it, $k \\sim "
        "\\text{Binomial}(10, \\theta)$. On average, how many **bits** of information do "
        "$k$ and $\\theta$ carry about each other, $I(\\theta; k)$ (three decimals)?",
        _one("mutual-information", {"model": "p ~ beta(1, 1); k | p ~ binomial(10, p)"}),
        "1.232",
        ("$I(\\theta; k) = H(k) - H(k \\mid \\theta)$; with a uniform prior $k$ is uniform "
         "on 0..10.",
         "$H(k \\mid \\theta) = E_\\theta[H(\\text{Binomial}(10, \\theta))]$, an integral "
         "over the prior."),
        "The course, task 1.15; Cover & Thomas, 2nd ed., Sec. 2.4",
        (("0.854", "Bits vs nats"),)),
    _ex("repeated-measurements", "Information from n measurements of a normal mean (task 1.16)",
        "$\\theta \\sim \\mathcal{N}(0, 2^2)$ and, given $\\theta$, ten measurements "
        "$x_i \\sim \\mathcal{N}(\\theta, 1)$, independent. How many **bits** of information "
        "about $\\theta$ do they give on average, $I(\\theta; x_1..x_{10})$ (exact form)?",
        _one("mutual-information", {"model": "theta ~ normal(0, 2); x | theta ~ "
                                             "normal(theta, 1)", "n": "10"}),
        "1/2*log2(1 + 10*4)",
        ("The posterior variance after $n$ measurements is $1/(1/\\sigma_0^2 + n/\\sigma^2)$.",
         "$I = \\tfrac12\\log_2(\\sigma_0^2 / \\sigma_n^2) = \\tfrac12\\log_2(1 + "
         "n\\sigma_0^2/\\sigma^2)$: it grows like $\\tfrac12\\log_2 n$."),
        "The course, task 1.16; Cover & Thomas, 2nd ed., Sec. 9.1",
        (("log2(1 + 10*4)", "A factor 2 too many"),)),
    _ex("bivariate-normal-mi", "Mutual information of a bivariate normal",
        "$(X, Y)$ is normal with unit variances and correlation $\\rho = 1/2$. What is "
        "$I(X; Y)$ in **nats** (exact form)?",
        _one("mutual-information", {"joint": "mvnormal([0,0], [[1, 1/2], [1/2, 1]])"}, "nats"),
        "-1/2*log(1 - 1/4)",
        ("$I = h(X) + h(Y) - h(X, Y)$.",
         "$h(X, Y) = \\tfrac12\\ln((2\\pi e)^2 \\det\\Sigma)$ with $\\det\\Sigma = 1 - "
         "\\rho^2$."),
        "Cover & Thomas, 2nd ed., Example 8.5.1",
        (("-log(1 - 1/4)", "A factor 2 too many"),)),
    _ex("poisson-entropy", "Entropy of a Poisson distribution",
        "Compute the entropy of a Poisson distribution with mean $\\lambda = 10$, in **nats**, "
        "to four decimals.",
        _one("entropy/poisson", {"lambda": "10"}, "nats"),
        "2.5614",
        ("$H = -\\sum_{k\\ge0} p_k \\ln p_k$ with $p_k = e^{-\\lambda}\\lambda^k/k!$.",
         "$-\\ln p_k = \\lambda - k\\ln\\lambda + \\ln k!$; use $E[X] = \\lambda$.",
         "$H = \\lambda(1 - \\ln\\lambda) + e^{-\\lambda}\\sum_k \\lambda^k \\ln k!/k!$."),
        "the course, Problem 1.6 (entropy of the Poisson distribution); Evans, Boersma, "
        "Blachman & Jagers (1988)",
        (("3.6953", "Bits vs nats"),)),
    _ex("poisson-large-lambda", "Poisson entropy for large lambda",
        "For large $\\lambda$ the Poisson entropy is close to that of a normal with the same "
        "variance, $\\tfrac12\\ln(2\\pi e\\lambda)$, with next term $-1/(12\\lambda)$. Give the "
        "entropy for $\\lambda = 100$ in **nats** to four decimals.",
        _one("entropy/poisson", {"lambda": "100"}, "nats"),
        "3.7207",
        ("$\\tfrac12\\ln(2\\pi e \\cdot 100) \\approx 3.72152$.",
         "Subtract $1/(12\\lambda) \\approx 0.000833$: the leading term alone rounds wrongly."),
        "Evans, Boersma, Blachman & Jagers, SIAM Review 30 (1988); Cover & Thomas, 2nd ed., "
        "Theorem 8.6.5 (maximum entropy of the normal)",
        (("3.7215", "No usual mistake"),)),
    _ex("normal-entropy", "Differential entropy of a normal",
        "Derive the differential entropy $h(X)$ of $X \\sim \\mathcal{N}(\\mu, \\sigma^2)$ in "
        "**nats**, as a formula in `sigma` (and `mu` if needed).",
        _one("entropy/normal", {}, "nats"),
        "1/2*log(2*pi*e*sigma^2)",
        ("$-\\ln f(x) = \\tfrac12\\ln(2\\pi\\sigma^2) + (x-\\mu)^2/(2\\sigma^2)$.",
         "Take expectations: $E[(X-\\mu)^2] = \\sigma^2$.",
         "Collect $\\tfrac12\\ln(2\\pi\\sigma^2) + \\tfrac12 = \\tfrac12\\ln(2\\pi e\\sigma^2)$."),
        "Cover & Thomas, 2nd ed., Example 8.1.2",
        (("1/2*log(2*pi*e*sigma)", "Standard deviation vs variance"),)),
    _ex("exponential-entropy", "Differential entropy of an exponential",
        "Derive $h(X)$ for $X \\sim \\operatorname{Exp}(\\lambda)$ (rate $\\lambda$) in **nats**, "
        "as a formula in `lambda`.",
        _one("entropy/exponential", {}, "nats"),
        "1 - log(lambda)",
        ("$-\\ln f(x) = -\\ln\\lambda + \\lambda x$ on $x \\ge 0$.",
         "$E[X] = 1/\\lambda$."),
        "Cover & Thomas, 2nd ed., Example 8.1.1",
        (("1 + log(lambda)", "Sign error in one term"),)),
    _ex("disjoint-mixture", "A mixture of distributions with disjoint supports",
        "$X_1$ is uniform on $\\{1, 2\\}$ and $X_2$ uniform on $\\{3, 4, 5, 6\\}$. "
        "With probability $w = 1/2$ we draw from $X_1$, otherwise from $X_2$. "
        "What is the entropy of the result in **bits**? (Show that $H = wH_1 + (1-w)H_2 + H(w)$.)",
        _one("entropy/categorical", {"p": "1/4,1/4,1/8,1/8,1/8,1/8"}),
        "1/2*1 + 1/2*2 + 1",
        ("The supports do not overlap, so the outcome reveals which source was used.",
         "Chain rule: $H(X) = H(Z) + H(X \\mid Z)$ where $Z$ is the source index.",
         "$H_1 = 1$, $H_2 = 2$, $H(1/2) = 1$."),
        "Cover & Thomas, 2nd ed., Problem 2.10 (entropy of disjoint mixtures)",
        (("1/2*1 + 1/2*2", "Missing additive constant"),)),
    _ex("normal-mean-information", "Information about a normal mean from n measurements",
        "A mean $M \\sim \\mathcal{N}(\\mu_0, \\sigma_0^2)$ is measured $n$ times with independent "
        "$\\mathcal{N}(0, \\sigma^2)$ noise. Take $n = 4$, $\\sigma_0 = 3/4$, $\\sigma = 2$. How "
        "many **nats** of information about $M$ do the measurements give? (A formula in `n`, "
        "`sigma0`, `sigma` is accepted.)",
        (((1, "entropy/normal", {"sigma": "5/4"}), (-1, "entropy/normal", {"sigma": "1"})),
         "nats"),
        "1/2*log(1 + n*sigma0^2/sigma^2)",
        ("The sample mean $\\bar X$ is sufficient: $I(M; X_1..X_n) = I(M; \\bar X)$.",
         "$I = h(\\bar X) - h(\\bar X \\mid M)$, two Gaussian entropies.",
         "$\\operatorname{Var}\\bar X = \\sigma_0^2 + \\sigma^2/n$ and "
         "$\\operatorname{Var}(\\bar X \\mid M) = \\sigma^2/n$."),
        "Cover & Thomas, 2nd ed., Sec. 9.1 (Gaussian channel), Eq. 9.16",
        (("log(1 + n*sigma0^2/sigma^2)", "A factor 2 too many"),),
        {"n": 4, "sigma0": sp.Rational(3, 4), "sigma": 2}),
    _ex("kl-normals", "KL divergence between two normals",
        "Compute $D(P\\|Q)$ for $P = \\mathcal{N}(0, 1)$ and $Q = \\mathcal{N}(1, 4)$ in **nats** "
        "(exact form).",
        _one("kl/normal", {"mu1": "0", "sigma1": "1", "mu2": "1", "sigma2": "2"}, "nats"),
        "log(2) + (1 + 1)/8 - 1/2",
        ("$D = \\ln\\frac{\\sigma_2}{\\sigma_1} + \\frac{\\sigma_1^2 + (\\mu_1-\\mu_2)^2}"
         "{2\\sigma_2^2} - \\frac12$.",
         "KL is not symmetric: make sure the expectation is under $P$."),
        "the course, Task 1.8 (the KL divergence as a limit); the textbook chapter, Sec. 4.6 "
        "(KL divergence); Kullback (1959)",
        (("-log(2) + 5/2 - 1/2", "KL arguments swapped"),)),
    _ex("maxent-mean", "Maximum entropy under a mean constraint",
        "Among all densities on $[0, \\infty)$ with mean 2, which has the largest differential "
        "entropy, and what is that entropy in **nats**?",
        _one("maxent/exponential", {"mean": "2"}, "nats"),
        "1 + log(2)",
        ("Maximise $-\\int f\\ln f$ subject to $\\int f = 1$ and $\\int x f = 2$.",
         "Stationarity gives $f(x) \\propto e^{-\\lambda x}$: an exponential with mean 2.",
         "$h = 1 + \\ln(\\text{mean})$."),
        "Cover & Thomas, 2nd ed., Example 12.2.1 / Sec. 12.1",
        (("1 - log(2)", "Sign error in one term"),)),
    _ex("bsc-capacity", "Capacity of a binary symmetric channel",
        "Each bit sent over a channel is flipped with probability 0.11, independently. How many "
        "**bits** per use can the channel carry reliably (its capacity), to three decimals?",
        _one("capacity", {"channel": "bsc(0.11)"}),
        "0.500",
        ("$I(X;Y) = H(Y) - H(Y\\mid X)$ and $H(Y\\mid X) = H(0.11)$ for every input.",
         "$H(Y) \\le 1$ bit, with equality for the uniform input.",
         "$C = 1 - H(0.11)$ with $H(p) = -p\\log_2 p - (1-p)\\log_2(1-p)$."),
        "Cover & Thomas, 2nd ed., Sec. 7.1.4",
        (("log(2) + 0.11*log(0.11) + 0.89*log(0.89)", "Bits vs nats"),)),
    _ex("bec-capacity", "Capacity of a binary erasure channel",
        "A channel erases each bit with probability 1/4 (the receiver sees '?') and delivers "
        "the others intact. What is its capacity in **bits** per use?",
        _one("capacity", {"channel": "bec(1/4)"}),
        "3/4",
        ("$I(X;Y) = (1 - \\epsilon) H(X)$: a bit that arrives tells everything, an erased "
         "bit nothing.",
         "Maximise $H(X)$: the uniform input gives 1 bit."),
        "Cover & Thomas, 2nd ed., Sec. 7.1.5",
        (("3/4*log(2)", "Bits vs nats"),)),
    _ex("huffman-code", "Huffman code of a four-letter source (task 1.1)",
        "A source emits four letters with probabilities 0.4, 0.3, 0.2 and 0.1. Build a Huffman "
        "code for it. What is its expected length in **bits** per letter? (Compare it with the "
        "entropy: $H \\le L < H + 1$.)",
        _one("huffman", {"p": "0.4,0.3,0.2,0.1"}),
        "1.9",
        ("Merge the two least probable letters, 0.1 and 0.2, into a node of weight 0.3; repeat.",
         "Code word lengths come out as 1, 2, 3, 3.",
         "$L = \\sum_i p_i l_i$; the entropy is about 1.846 bits, so $L$ is within one bit of "
         "it but not equal (0.4 is not a power of 1/2)."),
        "Huffman (1952); Cover & Thomas, 2nd ed., Secs. 5.6-5.8; the course's task 1.1",
        (("1.9*log(2)", "Bits vs nats"),)),
    _ex("quantised-normal", "Binary questions to locate a normal reading (task 1.7)",
        "A quantity $X \\sim \\mathcal{N}(0, 1)$ is read on a scale whose cells are "
        "$\\delta = 1/10$ wide: the reading is $X_\\delta = \\delta\\lfloor X/\\delta\\rfloor$. "
        "How many **bits** is the entropy $H(X_\\delta)$ of the reading, the average number "
        "of binary questions an optimal scheme needs (to within one), to three decimals?",
        _one("quantised-entropy", {"X": "normal(0, 1)", "delta": "1/10"}),
        "5.370",
        ("$H(X_\\delta) = -\\sum_i p_i\\log_2 p_i$ with "
         "$p_i = \\Phi((i+1)\\delta) - \\Phi(i\\delta)$.",
         "For small $\\delta$, $p_i \\approx f(x_i)\\,\\delta$, so "
         "$H(X_\\delta) \\approx h(X) - \\log_2\\delta$ with "
         "$h(X) = \\tfrac12\\log_2(2\\pi e)$ bits.",
         "That limit, 5.369 bits, is off in the fourth digit: the error is about "
         "$\\delta^2/(24\\ln 2)$ bits for the standard normal, so sum the cells for three "
         "decimals."),
        "Cover & Thomas, 2nd ed., Theorem 8.3.1; the course's task 1.7",
        (("3.722", "Bits vs nats"),)),
    _ex("quantised-difference", "Two quantised readings: the difference of entropies "
        "(task 1.8)",
        "$X \\sim \\mathcal{N}(0, 1)$ and $Y \\sim \\mathcal{N}(0, 2^2)$ are both read "
        "with cells $\\delta = 1/20$ wide. What is $H(X_\\delta) - H(Y_\\delta)$ in "
        "**bits**, to four decimals? (What does it tend to as $\\delta \\to 0$?)",
        _one("quantised-entropy", {"X": "normal(0, 1)", "Y": "normal(0, 2)",
                                   "delta": "1/20"}),
        "-0.9999",
        ("Each $H(\\cdot_\\delta) \\approx h(\\cdot) - \\log_2\\delta$: the "
         "$-\\log_2\\delta$ cancels in the difference.",
         "So $H(X_\\delta) - H(Y_\\delta) \\to h(X) - h(Y) = "
         "\\log_2(\\sigma_X/\\sigma_Y)$.",
         "With $\\sigma_Y = 2\\sigma_X$ the limit is $-1$ bit; at $\\delta = 1/20$ the "
         "difference is still about $10^{-4}$ above it (each error is about "
         "$\\delta^2/(24\\sigma^2\\ln 2)$ bits)."),
        "Cover & Thomas, 2nd ed., Theorem 8.3.1; the course's task 1.8",
        (("-0.6931", "Bits vs nats"),)),
    _ex("vae-kl", "The KL term of a variational autoencoder",
        "An encoder maps an input to $q(z) = \\mathcal{N}(\\mu, \\operatorname{diag}"
        "\\sigma^2)$ with $\\mu = (0.5, -1)$ and $\\sigma = (1, 0.5)$. What is "
        "$D(q \\| \\mathcal{N}(0, I))$, the KL term of the loss, in **nats** (exact form)?",
        _one("elbo/gaussian", {"mu": "0.5,-1", "sigma": "1,0.5"}, "nats"),
        "1/4 + log(2)",
        ("Per coordinate: $\\tfrac12(\\sigma_i^2 + \\mu_i^2 - 1 - \\ln\\sigma_i^2)$; "
         "the coordinates add.",
         "Careful: the logarithm is of the variance $\\sigma_i^2$, not of $\\sigma_i$."),
        "Kingma & Welling, Auto-Encoding Variational Bayes (2014), Appendix B",
        (("(1/4 + log(2))/log(2)", "Bits vs nats"),)),
)
"""Every exercise, in teaching order."""
