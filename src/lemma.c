/*
 * lemma.c -- sd_lemma, the English lemmatiser used by token.c (text.h).
 *
 * Nouns go to the singular and verbs to the base form, so that every
 * inflection of a word maps to one string: reduce, reduces, reduced and
 * reducing all give "reduce"; withdrew and withdrawn give "withdraw".
 *
 * 1. A table of exceptions: irregular verbs (all forms), irregular plurals,
 *    and words that only look inflected ("news", "this", "during", "us").
 * 2. Suffix rules: -ies/-ied -> y; -ing and -ed are stripped, a doubled
 *    final consonant is undoubled ("stopped" -> "stop"), else a silent e is
 *    restored by restore_e(); -es after s x z ch sh o and -s are stripped.
 * 3. A base form ending in consonant + e is itself reduced to its stem and
 *    passed through restore_e() too.  So the base and its inflections always
 *    go through the same function and agree, even where restore_e guesses
 *    wrong ("centre" and "centres" give one string either way).
 *
 * restore_e(stem) says whether the base form was stem + "e": after c, v, z,
 * u; after one vowel and one consonant in a one-syllable stem (vot-e, mak-e:
 * such verbs double their consonant when they do not end in e, as in
 * stop/stopped); and by the final letters of longer stems (escalat-e,
 * provid-e, handl-e, but develop, visit, open).  Lists below fix the
 * exceptions to those patterns.
 *
 * Hyphenated words only get the plural rule on their last part
 * ("cease-fires" -> "cease-fire").  Words with other characters (digits,
 * dots, non-ASCII letters) are returned unchanged unless in the table.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct lemma_entry {
    const char *form;
    const char *lemma;
} lemma_entry;

/* Exceptions, sorted by form in byte order (a unit test checks the order). */
static const lemma_entry exceptions[] = {
    {"'d", "would"},
    {"'ll", "will"},
    {"'m", "be"},
    {"'re", "be"},
    {"'s", "'s"},
    {"'ve", "have"},
    {"abandon", "abandon"},
    {"abandoned", "abandon"},
    {"abandoning", "abandon"},
    {"abandons", "abandon"},
    {"across", "across"},
    {"add", "add"},
    {"added", "add"},
    {"adding", "add"},
    {"adds", "add"},
    {"afterwards", "afterwards"},
    {"ago", "ago"},
    {"agree", "agree"},
    {"agreed", "agree"},
    {"also", "also"},
    {"always", "always"},
    {"am", "be"},
    {"analyses", "analysis"},
    {"anything", "anything"},
    {"are", "be"},
    {"arise", "arise"},
    {"arisen", "arise"},
    {"arises", "arise"},
    {"arising", "arise"},
    {"arms", "arms"},
    {"arose", "arise"},
    {"as", "as"},
    {"ate", "eat"},
    {"awake", "awake"},
    {"awoke", "awake"},
    {"awoken", "awake"},
    {"ballot", "ballot"},
    {"balloted", "ballot"},
    {"balloting", "ballot"},
    {"bang", "bang"},
    {"banged", "bang"},
    {"banging", "bang"},
    {"bangs", "bang"},
    {"bases", "base"},
    {"be", "be"},
    {"bear", "bear"},
    {"bears", "bear"},
    {"beat", "beat"},
    {"beaten", "beat"},
    {"beats", "beat"},
    {"became", "become"},
    {"become", "become"},
    {"becomes", "become"},
    {"becoming", "become"},
    {"bed", "bed"},
    {"been", "be"},
    {"before", "before"},
    {"began", "begin"},
    {"begin", "begin"},
    {"beginning", "begin"},
    {"begins", "begin"},
    {"begun", "begin"},
    {"being", "be"},
    {"bend", "bend"},
    {"bends", "bend"},
    {"benefit", "benefit"},
    {"benefited", "benefit"},
    {"benefiting", "benefit"},
    {"benefits", "benefit"},
    {"benefitted", "benefit"},
    {"benefitting", "benefit"},
    {"bent", "bend"},
    {"besides", "besides"},
    {"bet", "bet"},
    {"betting", "bet"},
    {"bias", "bias"},
    {"biased", "bias"},
    {"biases", "bias"},
    {"biasing", "bias"},
    {"bid", "bid"},
    {"bidding", "bid"},
    {"bind", "bind"},
    {"binds", "bind"},
    {"bit", "bite"},
    {"bite", "bite"},
    {"bites", "bite"},
    {"biting", "bite"},
    {"bitten", "bite"},
    {"bled", "bleed"},
    {"bleed", "bleed"},
    {"bleeds", "bleed"},
    {"blew", "blow"},
    {"blow", "blow"},
    {"blown", "blow"},
    {"blows", "blow"},
    {"bonuses", "bonus"},
    {"bore", "bear"},
    {"born", "bear"},
    {"borne", "bear"},
    {"bought", "buy"},
    {"bound", "bind"},
    {"boycott", "boycott"},
    {"boycotted", "boycott"},
    {"boycotting", "boycott"},
    {"boycotts", "boycott"},
    {"break", "break"},
    {"breaking", "break"},
    {"breaks", "break"},
    {"bred", "breed"},
    {"breed", "breed"},
    {"breeds", "breed"},
    {"bring", "bring"},
    {"bringing", "bring"},
    {"brings", "bring"},
    {"broadcast", "broadcast"},
    {"broke", "break"},
    {"broken", "break"},
    {"brought", "bring"},
    {"budget", "budget"},
    {"budgeted", "budget"},
    {"budgeting", "budget"},
    {"budgets", "budget"},
    {"build", "build"},
    {"builds", "build"},
    {"built", "build"},
    {"burn", "burn"},
    {"burns", "burn"},
    {"burnt", "burn"},
    {"burst", "burst"},
    {"bursts", "burst"},
    {"bus", "bus"},
    {"buses", "bus"},
    {"buy", "buy"},
    {"buying", "buy"},
    {"buys", "buy"},
    {"ca", "ca"},
    {"came", "come"},
    {"campuses", "campus"},
    {"can", "can"},
    {"cancel", "cancel"},
    {"canceled", "cancel"},
    {"canceling", "cancel"},
    {"cancelled", "cancel"},
    {"cancelling", "cancel"},
    {"cancels", "cancel"},
    {"cannot", "cannot"},
    {"canoes", "canoe"},
    {"cargoes", "cargo"},
    {"cast", "cast"},
    {"casting", "cast"},
    {"casts", "cast"},
    {"catch", "catch"},
    {"catches", "catch"},
    {"catching", "catch"},
    {"caught", "catch"},
    {"cease", "cease"},
    {"ceased", "cease"},
    {"ceases", "cease"},
    {"ceasing", "cease"},
    {"ceiling", "ceiling"},
    {"censuses", "census"},
    {"chiefs", "chief"},
    {"children", "child"},
    {"choose", "choose"},
    {"chooses", "choose"},
    {"choosing", "choose"},
    {"chose", "choose"},
    {"chosen", "choose"},
    {"cite", "cite"},
    {"cited", "cite"},
    {"cites", "cite"},
    {"citing", "cite"},
    {"cling", "cling"},
    {"clung", "cling"},
    {"combat", "combat"},
    {"combated", "combat"},
    {"combating", "combat"},
    {"combats", "combat"},
    {"come", "come"},
    {"comes", "come"},
    {"coming", "come"},
    {"compete", "compete"},
    {"competed", "compete"},
    {"competes", "compete"},
    {"competing", "compete"},
    {"complete", "complete"},
    {"completed", "complete"},
    {"completes", "complete"},
    {"completing", "complete"},
    {"consensuses", "consensus"},
    {"contravene", "contravene"},
    {"contravened", "contravene"},
    {"contravenes", "contravene"},
    {"contravening", "contravene"},
    {"convene", "convene"},
    {"convened", "convene"},
    {"convenes", "convene"},
    {"convening", "convene"},
    {"cookies", "cookie"},
    {"cost", "cost"},
    {"costs", "cost"},
    {"could", "could"},
    {"create", "create"},
    {"created", "create"},
    {"creates", "create"},
    {"creating", "create"},
    {"creep", "creep"},
    {"crept", "creep"},
    {"crises", "crisis"},
    {"criteria", "criterion"},
    {"cut", "cut"},
    {"cutting", "cut"},
    {"dangerous", "dangerous"},
    {"data", "data"},
    {"deal", "deal"},
    {"dealing", "deal"},
    {"deals", "deal"},
    {"dealt", "deal"},
    {"debut", "debut"},
    {"debuted", "debut"},
    {"debuting", "debut"},
    {"debuts", "debut"},
    {"decree", "decree"},
    {"decreed", "decree"},
    {"delete", "delete"},
    {"deleted", "delete"},
    {"deletes", "delete"},
    {"deleting", "delete"},
    {"deplete", "deplete"},
    {"depleted", "deplete"},
    {"depletes", "deplete"},
    {"depleting", "deplete"},
    {"deplore", "deplore"},
    {"deplored", "deplore"},
    {"deplores", "deplore"},
    {"deploring", "deplore"},
    {"develop", "develop"},
    {"developed", "develop"},
    {"developing", "develop"},
    {"develops", "develop"},
    {"did", "do"},
    {"die", "die"},
    {"died", "die"},
    {"dies", "die"},
    {"dig", "dig"},
    {"digging", "dig"},
    {"disagree", "disagree"},
    {"disagreed", "disagree"},
    {"do", "do"},
    {"does", "do"},
    {"doing", "do"},
    {"done", "do"},
    {"drank", "drink"},
    {"draw", "draw"},
    {"drawing", "draw"},
    {"drawn", "draw"},
    {"draws", "draw"},
    {"dream", "dream"},
    {"dreamt", "dream"},
    {"drew", "draw"},
    {"drink", "drink"},
    {"drinks", "drink"},
    {"drive", "drive"},
    {"driven", "drive"},
    {"drives", "drive"},
    {"driving", "drive"},
    {"drove", "drive"},
    {"drunk", "drink"},
    {"dug", "dig"},
    {"during", "during"},
    {"dwell", "dwell"},
    {"dwelt", "dwell"},
    {"dying", "die"},
    {"eat", "eat"},
    {"eaten", "eat"},
    {"eating", "eat"},
    {"eats", "eat"},
    {"echoes", "echo"},
    {"economics", "economics"},
    {"else", "else"},
    {"embargoes", "embargo"},
    {"ensure", "ensure"},
    {"ensured", "ensure"},
    {"ensures", "ensure"},
    {"ensuring", "ensure"},
    {"equal", "equal"},
    {"equaled", "equal"},
    {"equaling", "equal"},
    {"equalled", "equal"},
    {"equalling", "equal"},
    {"equals", "equal"},
    {"err", "err"},
    {"erred", "err"},
    {"erring", "err"},
    {"errs", "err"},
    {"evening", "evening"},
    {"everything", "everything"},
    {"exceed", "exceed"},
    {"exceeded", "exceed"},
    {"exceeding", "exceed"},
    {"exceeds", "exceed"},
    {"excite", "excite"},
    {"excited", "excite"},
    {"excites", "excite"},
    {"exciting", "excite"},
    {"exhale", "exhale"},
    {"exhaled", "exhale"},
    {"exhaling", "exhale"},
    {"expedite", "expedite"},
    {"expedited", "expedite"},
    {"expediting", "expedite"},
    {"explore", "explore"},
    {"explored", "explore"},
    {"explores", "explore"},
    {"exploring", "explore"},
    {"fall", "fall"},
    {"fallen", "fall"},
    {"falling", "fall"},
    {"falls", "fall"},
    {"famous", "famous"},
    {"fed", "feed"},
    {"feed", "feed"},
    {"feeds", "feed"},
    {"feel", "feel"},
    {"feeling", "feel"},
    {"feels", "feel"},
    {"feet", "foot"},
    {"fell", "fall"},
    {"felt", "feel"},
    {"fight", "fight"},
    {"fighting", "fight"},
    {"fights", "fight"},
    {"find", "find"},
    {"finding", "find"},
    {"finds", "find"},
    {"fled", "flee"},
    {"flee", "flee"},
    {"fleeing", "flee"},
    {"flees", "flee"},
    {"flew", "fly"},
    {"flies", "fly"},
    {"fling", "fling"},
    {"flown", "fly"},
    {"flung", "fling"},
    {"fly", "fly"},
    {"flying", "fly"},
    {"focus", "focus"},
    {"focused", "focus"},
    {"focuses", "focus"},
    {"focusing", "focus"},
    {"focussed", "focus"},
    {"focussing", "focus"},
    {"foes", "foe"},
    {"forbade", "forbid"},
    {"forbid", "forbid"},
    {"forbidden", "forbid"},
    {"forbidding", "forbid"},
    {"forecast", "forecast"},
    {"forecasts", "forecast"},
    {"foresaw", "foresee"},
    {"foresee", "foresee"},
    {"foreseen", "foresee"},
    {"forgave", "forgive"},
    {"forget", "forget"},
    {"forgets", "forget"},
    {"forgetting", "forget"},
    {"forgive", "forgive"},
    {"forgiven", "forgive"},
    {"forgives", "forgive"},
    {"forgot", "forget"},
    {"forgotten", "forget"},
    {"format", "format"},
    {"formats", "format"},
    {"formatted", "format"},
    {"formatting", "format"},
    {"fought", "fight"},
    {"found", "find"},
    {"free", "free"},
    {"freed", "free"},
    {"freeze", "freeze"},
    {"freezes", "freeze"},
    {"freezing", "freeze"},
    {"froze", "freeze"},
    {"frozen", "freeze"},
    {"fuel", "fuel"},
    {"fueled", "fuel"},
    {"fueling", "fuel"},
    {"fuelled", "fuel"},
    {"fuelling", "fuel"},
    {"fuels", "fuel"},
    {"gas", "gas"},
    {"gases", "gas"},
    {"gave", "give"},
    {"geese", "goose"},
    {"get", "get"},
    {"gets", "get"},
    {"getting", "get"},
    {"give", "give"},
    {"given", "give"},
    {"gives", "give"},
    {"giving", "give"},
    {"go", "go"},
    {"goes", "go"},
    {"going", "go"},
    {"gone", "go"},
    {"got", "get"},
    {"gotten", "get"},
    {"grew", "grow"},
    {"grind", "grind"},
    {"ground", "grind"},
    {"grow", "grow"},
    {"growing", "grow"},
    {"grown", "grow"},
    {"grows", "grow"},
    {"guarantee", "guarantee"},
    {"guaranteed", "guarantee"},
    {"guide", "guide"},
    {"guided", "guide"},
    {"guides", "guide"},
    {"guiding", "guide"},
    {"had", "have"},
    {"halves", "half"},
    {"hang", "hang"},
    {"hanged", "hang"},
    {"hanging", "hang"},
    {"hangs", "hang"},
    {"happen", "happen"},
    {"happened", "happen"},
    {"happening", "happen"},
    {"happens", "happen"},
    {"has", "have"},
    {"have", "have"},
    {"having", "have"},
    {"headquarters", "headquarters"},
    {"hear", "hear"},
    {"heard", "hear"},
    {"hearing", "hear"},
    {"hears", "hear"},
    {"held", "hold"},
    {"here", "here"},
    {"heroes", "hero"},
    {"hers", "hers"},
    {"hid", "hide"},
    {"hidden", "hide"},
    {"hide", "hide"},
    {"hides", "hide"},
    {"hiding", "hide"},
    {"his", "his"},
    {"hit", "hit"},
    {"hits", "hit"},
    {"hitting", "hit"},
    {"hold", "hold"},
    {"holding", "hold"},
    {"holds", "hold"},
    {"hundred", "hundred"},
    {"hung", "hang"},
    {"hurt", "hurt"},
    {"hurts", "hurt"},
    {"hypotheses", "hypothesis"},
    {"ignite", "ignite"},
    {"ignited", "ignite"},
    {"ignites", "ignite"},
    {"igniting", "ignite"},
    {"ignore", "ignore"},
    {"ignored", "ignore"},
    {"ignores", "ignore"},
    {"ignoring", "ignore"},
    {"incite", "incite"},
    {"incited", "incite"},
    {"incites", "incite"},
    {"inciting", "incite"},
    {"ing", "ing"},
    {"inhale", "inhale"},
    {"inhaled", "inhale"},
    {"inhaling", "inhale"},
    {"interfere", "interfere"},
    {"interfered", "interfere"},
    {"interferes", "interfere"},
    {"interfering", "interfere"},
    {"intervene", "intervene"},
    {"intervened", "intervene"},
    {"intervenes", "intervene"},
    {"intervening", "intervene"},
    {"invite", "invite"},
    {"invited", "invite"},
    {"invites", "invite"},
    {"inviting", "invite"},
    {"is", "be"},
    {"its", "its"},
    {"keep", "keep"},
    {"keeping", "keep"},
    {"keeps", "keep"},
    {"kept", "keep"},
    {"kidnap", "kidnap"},
    {"kidnaped", "kidnap"},
    {"kidnaping", "kidnap"},
    {"kidnapped", "kidnap"},
    {"kidnapping", "kidnap"},
    {"kidnaps", "kidnap"},
    {"kindred", "kindred"},
    {"king", "king"},
    {"kneel", "kneel"},
    {"knelt", "kneel"},
    {"knew", "know"},
    {"knives", "knife"},
    {"know", "know"},
    {"knowing", "know"},
    {"known", "know"},
    {"knows", "know"},
    {"label", "label"},
    {"labeled", "label"},
    {"labeling", "label"},
    {"labelled", "label"},
    {"labelling", "label"},
    {"labels", "label"},
    {"laid", "lay"},
    {"lain", "lie"},
    {"lay", "lay"},
    {"laying", "lay"},
    {"lays", "lay"},
    {"lead", "lead"},
    {"leading", "lead"},
    {"leads", "lead"},
    {"lean", "lean"},
    {"leant", "lean"},
    {"leap", "leap"},
    {"leapt", "leap"},
    {"leave", "leave"},
    {"leaves", "leave"},
    {"leaving", "leave"},
    {"led", "lead"},
    {"left", "leave"},
    {"lend", "lend"},
    {"lends", "lend"},
    {"lent", "lend"},
    {"less", "less"},
    {"let", "let"},
    {"lets", "let"},
    {"letting", "let"},
    {"level", "level"},
    {"leveled", "level"},
    {"leveling", "level"},
    {"levelled", "level"},
    {"levelling", "level"},
    {"levels", "level"},
    {"lie", "lie"},
    {"lies", "lie"},
    {"light", "light"},
    {"lights", "light"},
    {"lit", "light"},
    {"lives", "life"},
    {"lose", "lose"},
    {"loses", "lose"},
    {"losing", "lose"},
    {"lost", "lose"},
    {"lying", "lie"},
    {"made", "make"},
    {"make", "make"},
    {"makes", "make"},
    {"making", "make"},
    {"mean", "mean"},
    {"means", "mean"},
    {"meant", "mean"},
    {"media", "media"},
    {"meet", "meet"},
    {"meets", "meet"},
    {"men", "man"},
    {"mere", "mere"},
    {"met", "meet"},
    {"mice", "mouse"},
    {"might", "might"},
    {"mislead", "mislead"},
    {"misled", "mislead"},
    {"mistake", "mistake"},
    {"mistaken", "mistake"},
    {"mistook", "mistake"},
    {"model", "model"},
    {"modeled", "model"},
    {"modeling", "model"},
    {"modelled", "model"},
    {"modelling", "model"},
    {"models", "model"},
    {"more", "more"},
    {"morning", "morning"},
    {"movies", "movie"},
    {"must", "must"},
    {"n't", "not"},
    {"naked", "naked"},
    {"need", "need"},
    {"needed", "need"},
    {"needing", "need"},
    {"needs", "need"},
    {"nevertheless", "nevertheless"},
    {"news", "news"},
    {"none", "none"},
    {"nothing", "nothing"},
    {"numerous", "numerous"},
    {"once", "once"},
    {"one", "one"},
    {"open", "open"},
    {"opened", "open"},
    {"opening", "open"},
    {"opens", "open"},
    {"ours", "ours"},
    {"outdid", "outdo"},
    {"outdo", "outdo"},
    {"outdone", "outdo"},
    {"overcame", "overcome"},
    {"overcome", "overcome"},
    {"overran", "overrun"},
    {"overrun", "overrun"},
    {"oversaw", "oversee"},
    {"oversee", "oversee"},
    {"overseen", "oversee"},
    {"overtake", "overtake"},
    {"overtaken", "overtake"},
    {"overthrew", "overthrow"},
    {"overthrow", "overthrow"},
    {"overthrown", "overthrow"},
    {"overtook", "overtake"},
    {"paid", "pay"},
    {"paste", "paste"},
    {"pasted", "paste"},
    {"pastes", "paste"},
    {"pasting", "paste"},
    {"pay", "pay"},
    {"paying", "pay"},
    {"pays", "pay"},
    {"people", "people"},
    {"perhaps", "perhaps"},
    {"phenomena", "phenomenon"},
    {"physics", "physics"},
    {"pilot", "pilot"},
    {"piloted", "pilot"},
    {"piloting", "pilot"},
    {"pilots", "pilot"},
    {"pivot", "pivot"},
    {"pivoted", "pivot"},
    {"pivoting", "pivot"},
    {"pivots", "pivot"},
    {"plead", "plead"},
    {"pleaded", "plead"},
    {"pleading", "plead"},
    {"pleads", "plead"},
    {"pled", "plead"},
    {"plus", "plus"},
    {"politics", "politics"},
    {"postpone", "postpone"},
    {"postponed", "postpone"},
    {"postpones", "postpone"},
    {"postponing", "postpone"},
    {"potatoes", "potato"},
    {"previous", "previous"},
    {"proceed", "proceed"},
    {"proceeded", "proceed"},
    {"proceeding", "proceed"},
    {"proceeds", "proceed"},
    {"prove", "prove"},
    {"proved", "prove"},
    {"proven", "prove"},
    {"put", "put"},
    {"puts", "put"},
    {"putting", "put"},
    {"quarrel", "quarrel"},
    {"quarreled", "quarrel"},
    {"quarreling", "quarrel"},
    {"quarrelled", "quarrel"},
    {"quarrelling", "quarrel"},
    {"quarrels", "quarrel"},
    {"quit", "quit"},
    {"quitting", "quit"},
    {"ran", "run"},
    {"rang", "ring"},
    {"read", "read"},
    {"reading", "read"},
    {"reads", "read"},
    {"rebuild", "rebuild"},
    {"rebuilt", "rebuild"},
    {"recite", "recite"},
    {"recited", "recite"},
    {"recites", "recite"},
    {"reciting", "recite"},
    {"red", "red"},
    {"redid", "redo"},
    {"redo", "redo"},
    {"redone", "redo"},
    {"referee", "referee"},
    {"refereed", "referee"},
    {"release", "release"},
    {"released", "release"},
    {"releases", "release"},
    {"releasing", "release"},
    {"restore", "restore"},
    {"restored", "restore"},
    {"restores", "restore"},
    {"restoring", "restore"},
    {"reunite", "reunite"},
    {"reunited", "reunite"},
    {"reunites", "reunite"},
    {"reuniting", "reunite"},
    {"rid", "rid"},
    {"ridden", "ride"},
    {"ridding", "rid"},
    {"ride", "ride"},
    {"rides", "ride"},
    {"riding", "ride"},
    {"ring", "ring"},
    {"rings", "ring"},
    {"rise", "rise"},
    {"risen", "rise"},
    {"rises", "rise"},
    {"rising", "rise"},
    {"rival", "rival"},
    {"rivaled", "rival"},
    {"rivaling", "rival"},
    {"rivalled", "rival"},
    {"rivalling", "rival"},
    {"rivals", "rival"},
    {"rode", "ride"},
    {"rose", "rise"},
    {"run", "run"},
    {"rung", "ring"},
    {"running", "run"},
    {"runs", "run"},
    {"sacred", "sacred"},
    {"said", "say"},
    {"sang", "sing"},
    {"sank", "sink"},
    {"sat", "sit"},
    {"saw", "see"},
    {"say", "say"},
    {"says", "say"},
    {"scale", "scale"},
    {"scaled", "scale"},
    {"scales", "scale"},
    {"scaling", "scale"},
    {"score", "score"},
    {"scored", "score"},
    {"scores", "score"},
    {"scoring", "score"},
    {"see", "see"},
    {"seeing", "see"},
    {"seek", "seek"},
    {"seeking", "seek"},
    {"seeks", "seek"},
    {"seen", "see"},
    {"sees", "see"},
    {"sell", "sell"},
    {"selling", "sell"},
    {"sells", "sell"},
    {"selves", "self"},
    {"send", "send"},
    {"sending", "send"},
    {"sends", "send"},
    {"sent", "send"},
    {"series", "series"},
    {"serious", "serious"},
    {"set", "set"},
    {"sets", "set"},
    {"setting", "set"},
    {"severe", "severe"},
    {"shake", "shake"},
    {"shaken", "shake"},
    {"shakes", "shake"},
    {"shaking", "shake"},
    {"shall", "shall"},
    {"shed", "shed"},
    {"shedding", "shed"},
    {"shelves", "shelf"},
    {"shine", "shine"},
    {"shoes", "shoe"},
    {"shone", "shine"},
    {"shook", "shake"},
    {"shoot", "shoot"},
    {"shooting", "shoot"},
    {"shoots", "shoot"},
    {"shot", "shoot"},
    {"should", "should"},
    {"show", "show"},
    {"showed", "show"},
    {"showing", "show"},
    {"shown", "show"},
    {"shows", "show"},
    {"shrank", "shrink"},
    {"shrink", "shrink"},
    {"shrunk", "shrink"},
    {"shut", "shut"},
    {"shuts", "shut"},
    {"shutting", "shut"},
    {"signal", "signal"},
    {"signaled", "signal"},
    {"signaling", "signal"},
    {"signalled", "signal"},
    {"signalling", "signal"},
    {"signals", "signal"},
    {"since", "since"},
    {"sincere", "sincere"},
    {"sing", "sing"},
    {"sings", "sing"},
    {"sink", "sink"},
    {"sinks", "sink"},
    {"sit", "sit"},
    {"sits", "sit"},
    {"sitting", "sit"},
    {"slain", "slay"},
    {"slay", "slay"},
    {"sleep", "sleep"},
    {"sleeps", "sleep"},
    {"slept", "sleep"},
    {"slew", "slay"},
    {"slid", "slide"},
    {"slide", "slide"},
    {"sling", "sling"},
    {"slung", "sling"},
    {"sold", "sell"},
    {"some", "some"},
    {"something", "something"},
    {"sometimes", "sometimes"},
    {"sought", "seek"},
    {"spat", "spit"},
    {"speak", "speak"},
    {"speaking", "speak"},
    {"speaks", "speak"},
    {"species", "species"},
    {"sped", "speed"},
    {"speed", "speed"},
    {"spend", "spend"},
    {"spending", "spend"},
    {"spends", "spend"},
    {"spent", "spend"},
    {"spin", "spin"},
    {"spinning", "spin"},
    {"spit", "spit"},
    {"spitting", "spit"},
    {"split", "split"},
    {"splitting", "split"},
    {"spoke", "speak"},
    {"spoken", "speak"},
    {"sprang", "spring"},
    {"spread", "spread"},
    {"spreading", "spread"},
    {"spreads", "spread"},
    {"spring", "spring"},
    {"sprung", "spring"},
    {"spun", "spin"},
    {"stand", "stand"},
    {"standing", "stand"},
    {"stands", "stand"},
    {"stank", "stink"},
    {"statuses", "status"},
    {"steal", "steal"},
    {"steals", "steal"},
    {"stick", "stick"},
    {"sticks", "stick"},
    {"sting", "sting"},
    {"stink", "stink"},
    {"stole", "steal"},
    {"stolen", "steal"},
    {"stood", "stand"},
    {"store", "store"},
    {"stored", "store"},
    {"stores", "store"},
    {"storing", "store"},
    {"stricken", "strike"},
    {"stridden", "stride"},
    {"stride", "stride"},
    {"strike", "strike"},
    {"strikes", "strike"},
    {"striking", "strike"},
    {"string", "string"},
    {"strive", "strive"},
    {"striven", "strive"},
    {"strode", "stride"},
    {"strove", "strive"},
    {"struck", "strike"},
    {"strung", "string"},
    {"stuck", "stick"},
    {"stung", "sting"},
    {"stunk", "stink"},
    {"succeed", "succeed"},
    {"succeeded", "succeed"},
    {"succeeding", "succeed"},
    {"succeeds", "succeed"},
    {"sung", "sing"},
    {"sunk", "sink"},
    {"sure", "sure"},
    {"surpluses", "surplus"},
    {"swam", "swim"},
    {"swear", "swear"},
    {"swears", "swear"},
    {"sweep", "sweep"},
    {"sweeps", "sweep"},
    {"swell", "swell"},
    {"swelled", "swell"},
    {"swept", "sweep"},
    {"swim", "swim"},
    {"swimming", "swim"},
    {"swing", "swing"},
    {"swings", "swing"},
    {"swollen", "swell"},
    {"swore", "swear"},
    {"sworn", "swear"},
    {"swum", "swim"},
    {"swung", "swing"},
    {"take", "take"},
    {"taken", "take"},
    {"takes", "take"},
    {"taking", "take"},
    {"target", "target"},
    {"targeted", "target"},
    {"targeting", "target"},
    {"targets", "target"},
    {"taste", "taste"},
    {"tasted", "taste"},
    {"tastes", "taste"},
    {"tasting", "taste"},
    {"taught", "teach"},
    {"teach", "teach"},
    {"teaches", "teach"},
    {"teaching", "teach"},
    {"tear", "tear"},
    {"tears", "tear"},
    {"teeth", "tooth"},
    {"tell", "tell"},
    {"telling", "tell"},
    {"tells", "tell"},
    {"the", "the"},
    {"theirs", "theirs"},
    {"there", "there"},
    {"these", "these"},
    {"theses", "thesis"},
    {"thieves", "thief"},
    {"thing", "thing"},
    {"think", "think"},
    {"thinking", "think"},
    {"thinks", "think"},
    {"this", "this"},
    {"those", "those"},
    {"thought", "think"},
    {"threaten", "threaten"},
    {"threatened", "threaten"},
    {"threatening", "threaten"},
    {"threatens", "threaten"},
    {"threw", "throw"},
    {"throw", "throw"},
    {"throwing", "throw"},
    {"thrown", "throw"},
    {"throws", "throw"},
    {"thrust", "thrust"},
    {"thus", "thus"},
    {"tie", "tie"},
    {"tied", "tie"},
    {"ties", "tie"},
    {"toes", "toe"},
    {"told", "tell"},
    {"tomatoes", "tomato"},
    {"took", "take"},
    {"tore", "tear"},
    {"torn", "tear"},
    {"torpedoes", "torpedo"},
    {"total", "total"},
    {"totaled", "total"},
    {"totaling", "total"},
    {"totalled", "total"},
    {"totalling", "total"},
    {"totals", "total"},
    {"towards", "towards"},
    {"travel", "travel"},
    {"traveled", "travel"},
    {"traveling", "travel"},
    {"travelled", "travel"},
    {"travelling", "travel"},
    {"travels", "travel"},
    {"tread", "tread"},
    {"trod", "tread"},
    {"trodden", "tread"},
    {"tying", "tie"},
    {"undergo", "undergo"},
    {"undergoes", "undergo"},
    {"undergone", "undergo"},
    {"understand", "understand"},
    {"understands", "understand"},
    {"understood", "understand"},
    {"undertake", "undertake"},
    {"undertaken", "undertake"},
    {"undertook", "undertake"},
    {"underwent", "undergo"},
    {"undid", "undo"},
    {"undo", "undo"},
    {"undone", "undo"},
    {"unite", "unite"},
    {"united", "unite"},
    {"unites", "unite"},
    {"uniting", "unite"},
    {"unless", "unless"},
    {"upheld", "uphold"},
    {"uphold", "uphold"},
    {"upset", "upset"},
    {"upsetting", "upset"},
    {"us", "us"},
    {"various", "various"},
    {"vetoes", "veto"},
    {"vie", "vie"},
    {"vied", "vie"},
    {"vies", "vie"},
    {"viruses", "virus"},
    {"visit", "visit"},
    {"visited", "visit"},
    {"visiting", "visit"},
    {"visits", "visit"},
    {"vying", "vie"},
    {"wake", "wake"},
    {"wakes", "wake"},
    {"was", "be"},
    {"waste", "waste"},
    {"wasted", "waste"},
    {"wastes", "waste"},
    {"wasting", "waste"},
    {"wear", "wear"},
    {"wears", "wear"},
    {"weave", "weave"},
    {"wed", "wed"},
    {"wedding", "wed"},
    {"weep", "weep"},
    {"welcome", "welcome"},
    {"welcomed", "welcome"},
    {"welcomes", "welcome"},
    {"welcoming", "welcome"},
    {"went", "go"},
    {"wept", "weep"},
    {"were", "be"},
    {"where", "where"},
    {"whereas", "whereas"},
    {"while", "while"},
    {"whole", "whole"},
    {"whose", "whose"},
    {"wicked", "wicked"},
    {"will", "will"},
    {"win", "win"},
    {"wind", "wind"},
    {"wing", "wing"},
    {"winning", "win"},
    {"wins", "win"},
    {"withdraw", "withdraw"},
    {"withdrawing", "withdraw"},
    {"withdrawn", "withdraw"},
    {"withdraws", "withdraw"},
    {"withdrew", "withdraw"},
    {"withheld", "withhold"},
    {"withhold", "withhold"},
    {"withholds", "withhold"},
    {"withstand", "withstand"},
    {"withstood", "withstand"},
    {"wives", "wife"},
    {"wo", "wo"},
    {"woke", "wake"},
    {"woken", "wake"},
    {"wolves", "wolf"},
    {"women", "woman"},
    {"won", "win"},
    {"wore", "wear"},
    {"worn", "wear"},
    {"worship", "worship"},
    {"worshiped", "worship"},
    {"worshiping", "worship"},
    {"worshipped", "worship"},
    {"worshipping", "worship"},
    {"worships", "worship"},
    {"would", "would"},
    {"wound", "wound"}, /* to wound (injure): news means it far more often than wind's past */
    {"wove", "weave"},
    {"woven", "weave"},
    {"wring", "wring"},
    {"write", "write"},
    {"writes", "write"},
    {"writing", "write"},
    {"written", "write"},
    {"wrote", "write"},
    {"wrung", "wring"},
    {"yes", "yes"},
    {"yours", "yours"},
};

#define N_EXCEPTIONS (sizeof exceptions / sizeof exceptions[0])

/* Stems whose base form ends in e although the rules below say not. */
static const char *const stems_add_e[] = {
    "creat", "procreat", "recreat", "interfer", "adher", "persever", "coher", "rever",
    "ignor", "restor", "explor", "implor", "deplor", "ador", "delet", "complet",
    "compet", "deplet", "unit", "reunit", "invit", "excit", "ignit", "incit", "recit",
    "expedit", "rewrit", "underwrit", "tast", "wast", "past", "hast", "bast", "chast",
    "welcom", "becom", "overcom", "incom", "outcom", "condon", "dethron", "aton",
    "enthron", "breath", "bath", "sooth", "loath", "cloth", "inhal", "exhal", "impal",
    "interven", "conven", "contraven", "postpon", "scen", "seren", "obscen", "hygien",
    "despit", "satellit", "favourit", "favorit", "opposit", "definit", "infinit", "elit",
    "appetit", "websit", "campsit", "ukrain", "rout", "cuisin", "machin", NULL};

/* Stems whose base form does not end in e although the rules say so. */
static const char *const stems_no_e[] = {
    "focus", "bias", "gas", "bus", "alias", "atlas", "canvas", "virus", "status",
    "bonus", "campus", "census", "consensus", "surplus", "chaos", "combat", "format",
    "pivot", "pilot", "ballot", "debut", "abandon", "summon", "pardon", "reckon",
    "beckon", "imprison", "jettison", "garrison", "cordon", "ransom", "develop",
    "envelop", "gallop", "gossip", "worship", "visit", "hang", "bang", "clang", "twang",
    "boycott", "blossom", "kidnap", "ship", "whip", "chip", "clip", "grip", "drip",
    "strip", "trip", "nonplus", "thus", "plus", "minus", "bonus", "onus", "genus",
    "corpus", "chorus", "circus", "fetus", "stimulus", "apparatus", "prospectus", "hiatus",
    "impetus", "lotus", "cactus", "walrus", "iris", NULL};

/* Plural-looking words that are not plurals (with -s kept). */
static const char *const keep_s[] = {
    "hamas", "texas", "kansas", "arkansas", "christmas", "pancreas", "whereas", "atlas",
    "alias", "canvas", "bias", "gas", "chaos", "kudos", "ethos", "pathos", "cosmos", "laos",
    "carlos", "lens", "news", "mathematics", "series", "species", "means", "arms", "always",
    "perhaps", "towards", "afterwards", "besides", "sometimes", "headquarters", "whereabouts",
    "sikhs", NULL};

/* --- hashed look-ups ---------------------------------------------------
 * sd_lemma runs for every token, and each call asks the exception table
 * and up to three word lists.  Both are looked up in one open-addressing
 * table of their words, built once (pthread_once) and read-only after: a
 * word's slot holds its exception index and the lists it is in. */

enum { LIST_ADD_E = 1u << 0, LIST_NO_E = 1u << 1, LIST_KEEP_S = 1u << 2 };

#define WORD_SLOTS 4096u /* a power of two, over twice the words */
#define NO_EXCEPTION 0xFFFFu

typedef struct word_slot {
    const char *word;   /* NULL: empty                                   */
    uint32_t len;
    uint16_t exception; /* index in exceptions[], or NO_EXCEPTION        */
    uint8_t lists;      /* LIST_*                                        */
} word_slot;

static word_slot word_tab[WORD_SLOTS];
static pthread_once_t word_tab_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h ^ (uint32_t)n;
}

/* The slot of w[0..n): its own, or the empty one where it would go. */
static word_slot *word_find(word_slot *tab, const char *w, size_t n)
{
    for (uint32_t j = word_hash(w, n) & (WORD_SLOTS - 1);; j = (j + 1) & (WORD_SLOTS - 1)) {
        word_slot *slot = &tab[j];
        if (!slot->word || (slot->len == n && memcmp(slot->word, w, n) == 0))
            return slot;
    }
}

static void word_add(const char *w, uint16_t exception, uint8_t lists)
{
    size_t n = strlen(w);
    word_slot *slot = word_find(word_tab, w, n);
    if (!slot->word) {
        slot->word = w;
        slot->len = (uint32_t)n;
        slot->exception = NO_EXCEPTION;
    }
    if (exception != NO_EXCEPTION && slot->exception == NO_EXCEPTION)
        slot->exception = exception; /* (the first of equal forms, as the search) */
    slot->lists |= lists;
}

static void word_tab_build(void)
{
    for (size_t i = 0; i < N_EXCEPTIONS; i++)
        word_add(exceptions[i].form, (uint16_t)i, 0);
    for (size_t i = 0; stems_add_e[i]; i++)
        word_add(stems_add_e[i], NO_EXCEPTION, LIST_ADD_E);
    for (size_t i = 0; stems_no_e[i]; i++)
        word_add(stems_no_e[i], NO_EXCEPTION, LIST_NO_E);
    for (size_t i = 0; keep_s[i]; i++)
        word_add(keep_s[i], NO_EXCEPTION, LIST_KEEP_S);
}

/* The table's slot of w[0..n), or NULL when w is in neither the exception
 * table nor a list. */
static const word_slot *word_slot_of(const char *w, size_t n)
{
    pthread_once(&word_tab_once, word_tab_build);
    const word_slot *slot = word_find(word_tab, w, n);
    return slot->word ? slot : NULL;
}

/* Is w[0..n) in the list (LIST_*)? */
static int in_list(unsigned list, const char *w, size_t n)
{
    const word_slot *slot = word_slot_of(w, n);
    return slot && (slot->lists & list);
}

/* The lemma of an exception w[0..n), or NULL. */
static const char *lookup(const char *w, size_t n)
{
    const word_slot *slot = word_slot_of(w, n);
    return slot && slot->exception != NO_EXCEPTION ? exceptions[slot->exception].lemma : NULL;
}

/* Test hook: 1 when the exception table is sorted and has no duplicates. */
int sd_lemma_table_ok(void);
int sd_lemma_table_ok(void)
{
    for (size_t i = 1; i < N_EXCEPTIONS; i++)
        if (strcmp(exceptions[i - 1].form, exceptions[i].form) >= 0)
            return 0;
    return 1;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
static int is_vowel_y(char c) { return is_vowel(c) || c == 'y'; }

static int syllables(const char *s, size_t n)
{
    int groups = 0;
    for (size_t i = 0; i < n; i++)
        if (is_vowel_y(s[i]) && (i == 0 || !is_vowel_y(s[i - 1])))
            groups++;
    return groups;
}

static int has_vowel(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_vowel_y(s[i]))
            return 1;
    return 0;
}

/* Is s[n-2] a single vowel (not after another vowel; "qu" counts as a
 * consonant)? */
static int single_vowel_before_last(const char *s, size_t n)
{
    if (n < 2 || !is_vowel_y(s[n - 2]))
        return 0;
    if (n < 3)
        return 1;
    char pre = s[n - 3];
    if (pre == 'u' && n >= 4 && s[n - 4] == 'q')
        return 1;
    return !is_vowel_y(pre);
}

/* Did the base form of stem s[0..n) end in a silent e? */
static int restore_e(const char *s, size_t n)
{
    if (n < 2)
        return 0;
    if (in_list(LIST_ADD_E, s, n))
        return 1;
    if (in_list(LIST_NO_E, s, n))
        return 0;
    char last = s[n - 1], prev = s[n - 2];
    if (last == 'u')
        return !is_vowel(prev) || prev == 'u';
    if (is_vowel_y(last) || last == 'w' || last == 'x')
        return 0;
    if (last == 'c' || last == 'v')
        return 1;
    if (last == 'z')
        return prev != 'z';
    int single = single_vowel_before_last(s, n);
    int syl = syllables(s, n);
    if (single && syl == 1)
        return 1; /* vot-e, mak-e, us-e: else the consonant would double */
    if (!is_vowel_y(prev)) {
        /* consonant clusters */
        switch (last) {
        case 's': return prev == 'r' || prev == 'n' || prev == 'p' || prev == 'l';
        case 'g': return prev == 'd' || prev == 'l' || prev == 'r' ||
                         (prev == 'n' && n >= 3 && (s[n - 3] == 'a' || s[n - 3] == 'e' || s[n - 3] == 'u'));
        case 'l': return prev != 'l' && prev != 'r' && prev != 'w';
        case 'r': return prev != 'r';
        default: return 0;
        }
    }
    if (!single) {
        /* two vowels before the consonant */
        if (last == 's')
            return 1; /* caus-e, increas-e, rais-e */
        if (last == 't' && prev == 'a' && n >= 3 && (s[n - 3] == 'i' || s[n - 3] == 'u'))
            return 1; /* negotiat-e, evacuat-e */
        return 0;
    }
    /* One vowel before the last consonant in a longer stem. */
    switch (last) {
    case 's': return 1;
    case 'd': case 'b': case 'k': case 'g': case 'f': return 1;
    case 't':
        return prev == 'a' || prev == 'u' || prev == 'o';
    case 'r':
        return prev == 'a' || prev == 'i' || prev == 'u';
    case 'l':
        return prev == 'i' || prev == 'o' || prev == 'u';
    case 'm':
        return prev != 'o';
    case 'n':
        return prev == 'i' || prev == 'a' || prev == 'u' || prev == 'o';
    case 'p':
        return prev == 'a';
    default:
        return 0;
    }
}

/* Undouble a doubled final consonant of an -ed/-ing stem in place
 * ("stopp" -> "stop").  Returns the new length (n when unchanged). */
static size_t undouble(const char *s, size_t n)
{
    if (n < 3 || s[n - 1] != s[n - 2] || in_list(LIST_NO_E, s, n))
        return n;
    switch (s[n - 1]) {
    case 'b': case 'd': case 'g': case 'm': case 'n': case 'p': case 'r': case 't':
        return n - 1;
    case 'l':
        /* controll-ed, compell-ed; not kill-ed, install-ed */
        if (n >= 4 && (s[n - 3] == 'e' || s[n - 3] == 'o') && !is_vowel_y(s[n - 4]) &&
            syllables(s, n) >= 2)
            return n - 1;
        return n;
    default:
        return n;
    }
}

/* The lemma of stem s[0..n) for a base form that ended in "e" (n >= 1),
 * written into out; returns its length. */
static size_t e_base(const char *s, size_t n, char *out)
{
    memcpy(out, s, n);
    if (restore_e(s, n))
        out[n++] = 'e';
    return n;
}

/* Apply the base-form rule to w[0..n) (no inflection suffix): a consonant
 * (or u) + e ending goes through restore_e.  Writes out, returns length. */
static size_t base_form(const char *w, size_t n, char *out)
{
    if (n >= 3 && w[n - 1] == 'e' && (!is_vowel_y(w[n - 2]) || w[n - 2] == 'u') &&
        has_vowel(w, n - 1) && !lookup(w, n))
        return e_base(w, n - 1, out);
    memcpy(out, w, n);
    return n;
}

/* The plural rule only: strip -s/-es.  Returns the length written to out,
 * or 0 when w is not a plural. */
static size_t plural(const char *w, size_t n, char *out)
{
    if (n < 3 || w[n - 1] != 's' || in_list(LIST_KEEP_S, w, n))
        return 0;
    char p = w[n - 2];
    if (p == 's' || p == 'u' || p == 'i' || p == '\'')
        return 0;
    if (n >= 5 && w[n - 3] == 'i' && p == 'e') { /* -ies */
        memcpy(out, w, n - 3);
        out[n - 3] = 'y';
        return n - 2;
    }
    if (p == 'e' && n >= 4) {
        char q = w[n - 3];
        if (q == 'x' || q == 'o' || (q == 's' && w[n - 4] == 's') ||
            (q == 'z' && w[n - 4] == 'z') ||
            (q == 'h' && (w[n - 4] == 'c' || w[n - 4] == 's'))) {
            memcpy(out, w, n - 2);
            return n - 2;
        }
    }
    if (n >= 4 && memcmp(w + n - 3, "ics", 3) == 0)
        return 0;
    memcpy(out, w, n - 1);
    return n - 1;
}

static const char *finish(sd_arena *arena, const char *w, size_t n, const char *out, size_t len)
{
    if (len == n && memcmp(out, w, n) == 0)
        return w;
    const char *known = lookup(out, len);
    if (known)
        return known;
    return sd_arena_strndup(arena, out, len);
}

const char *sd_lemma(sd_arena *arena, const char *w, size_t n)
{
    if (n == 0)
        return w;
    const char *known = lookup(w, n);
    if (known)
        return known;
    size_t hyphen = 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c == '-')
            hyphen = i + 1;
        else if (c < 'a' || c > 'z')
            return w;
    }
    if (n < 3)
        return w;
    char *out = sd_arena_alloc(arena, n + 2);
    if (!out)
        return NULL;
    if (hyphen) {
        if (hyphen >= n)
            return w;
        const char *last = w + hyphen;
        size_t m = n - hyphen;
        const char *irregular = lookup(last, m);
        size_t len;
        memcpy(out, w, hyphen);
        if (irregular && !sd_streq(irregular, "be") && !sd_streq(irregular, "have") &&
            m >= 3 && last[m - 1] == 's') {
            size_t k = strlen(irregular);
            memcpy(out + hyphen, irregular, k);
            len = hyphen + k;
        } else {
            len = plural(last, m, out + hyphen);
            len = len ? hyphen + len : n;
            if (len == n)
                memcpy(out, w, n);
        }
        return finish(arena, w, n, out, len);
    }
    size_t len;
    /* -ied -> y */
    if (n >= 5 && memcmp(w + n - 3, "ied", 3) == 0) {
        memcpy(out, w, n - 3);
        out[n - 3] = 'y';
        return finish(arena, w, n, out, n - 2);
    }
    /* -ing */
    if (n >= 5 && memcmp(w + n - 3, "ing", 3) == 0 && has_vowel(w, n - 3) && n - 3 >= 2) {
        size_t m = n - 3;
        if (w[m - 1] == 'e' && m >= 2 && (w[m - 2] == 'e' || w[m - 2] == 'y' || w[m - 2] == 'o')) {
            memcpy(out, w, m); /* agreeing, dyeing, canoeing */
            return finish(arena, w, n, out, m);
        }
        size_t u = undouble(w, m);
        memcpy(out, w, u);
        len = u;
        if (u == m && restore_e(w, m))
            out[len++] = 'e';
        return finish(arena, w, n, out, len);
    }
    /* -ed */
    if (n >= 4 && w[n - 1] == 'd' && w[n - 2] == 'e') {
        size_t m = n - 2;
        if (w[m - 1] == 'e')
            return w; /* need, proceed: agreed etc. are in the table */
        if (!has_vowel(w, m) || m < 2)
            return w;
        size_t u = undouble(w, m);
        memcpy(out, w, u);
        len = u;
        if (u == m && restore_e(w, m))
            out[len++] = 'e';
        return finish(arena, w, n, out, len);
    }
    /* -s, -es */
    len = plural(w, n, out);
    if (len) {
        char *base = sd_arena_alloc(arena, len + 2);
        if (!base)
            return NULL;
        size_t blen = base_form(out, len, base);
        return finish(arena, w, n, base, blen);
    }
    len = base_form(w, n, out);
    return finish(arena, w, n, out, len);
}
