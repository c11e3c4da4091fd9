"""Quotation attribution beyond the article: one test per error class found on unseen news
(sentences written for these tests, not taken from the article or the corpus), the two bugs of
issue 12, the scorer, and a floor on the dev split of the unseen-news set."""

import re

import pytest

from whosaidwhat.evaluate import match_quotes, name_tokens, score_quotes, speaker_matches
from whosaidwhat.reference.actors import Registry, registry
from whosaidwhat.reference.quotes import NAME, attribute, find_quotations, resolve_phrase, sentence_spans


def speakers(text, **kw):
    """(quotation text, speaker) for every quotation, as attribute(text, actors=False) gives them."""
    return [(q["text"], q["speaker"]) for q in attribute(text, actors=False, **kw)]


def speaker_of(text, fragment):
    """The speaker of the quotation that contains fragment."""
    found = [q for q in attribute(text, actors=False) if fragment in q["text"]]
    assert found, f"no quotation containing {fragment!r} in {text!r}"
    return found[0]["speaker"]


# ---------------------------------------------------------------- error classes

@pytest.mark.parametrize("text, fragment, expected", [
    # a description and the name in apposition between the quotation and the verb
    ("“The bridge will stay closed until spring,” a city engineer, Tomas Varga, told reporters.", "bridge", "Tomas Varga"),
    # a name with an apposition before the verb
    ("Helen Okafor, chief economist at Dunmore Bank, said: “Rates have peaked for this cycle.”", "Rates", "Helen Okafor"),
    ("Lars Eklund, 61, a retired ferry captain, said the harbour was “never this quiet in July.”", "quiet", "Lars Eklund"),
    # inverted: the cue first, then a description and the name
    ("“Nobody reads the small print,” said the agency's deputy director, Mariam Tesfaye.", "small print", "Mariam Tesfaye"),
    # descriptors before the name
    ("“The harvest is the worst in a decade,” said veteran grain trader Piet Hendriks.", "harvest", "Piet Hendriks"),
])
def test_apposition_between_quote_and_verb(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


@pytest.mark.parametrize("text, expected", [
    ("Governor Dana Whitfield on Thursday called the budget “a betrayal of rural schools.”", "Dana Whitfield"),
    ("Clara Jansen last week described the merger as “a marriage of convenience.”", "Clara Jansen"),
    ("“We will appeal,” Rafael Ortega said late on Friday.", "Rafael Ortega"),
    ("Rafael Ortega, on Friday, insisted that the vote was “fair and final.”", "Rafael Ortega"),
])
def test_time_phrase_between_subject_and_verb(text, expected):
    assert speakers(text)[0][1] == expected


def test_abbreviations_do_not_end_sentences():
    text = ("Mr. Alvarez met Sen. Ruth Calder of the U.S. Senate on Jan. 5 at Acme Corp. headquarters. "
            "Dr. Ines Moreau joined them. The talks ended late.")
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Alvarez met Sen. Ruth Calder of the U.S. Senate on Jan. 5 at Acme Corp. headquarters.",
        "Dr. Ines Moreau joined them.", "The talks ended late."]
    # an abbreviation before a usual sentence opener still ends its sentence
    assert len(sentence_spans("Shares rose at Vantor Inc. The company said nothing.")) == 2


@pytest.mark.parametrize("text, expected", [
    ("“We expect a vote by Feb. 3,” said Sen. Ruth Calder of the finance committee.", "Ruth Calder"),
    ("“It works,” Dr. Ines Moreau told the U.S. panel.", "Ines Moreau"),
    ("“Sales doubled,” said Mr. John T. Brandt Jr., the founder.", "John T. Brandt"),
    ("“Why would we sell now?” Mrs. Okafor asks.", "Okafor"),
])
def test_abbreviations_inside_attributions(text, expected):
    assert speakers(text)[0][1] == expected


@pytest.mark.parametrize("text, expected", [
    ("As Novak concedes: “We underestimated the cost of the repairs.”", "Novak"),
    ("Yet as the coach Irma Lind put it in her memoir: “Talent without discipline is a rumour.”", "Irma Lind"),
    ("Tariq Aziz-Malik wrote in a letter to staff: “The office will close in March.”", "Tariq Aziz-Malik"),
])
def test_colon_introductions(text, expected):
    assert speakers(text)[0][1] == expected


@pytest.mark.parametrize("text, expected", [
    ("The dam is “structurally sound,” according to Priya Raman, the regional inspector.", "Priya Raman"),
    ("According to Olu Adeyemi, the new line will be “ready before the rains.”", "Olu Adeyemi"),
])
def test_according_to(text, expected):
    assert speakers(text)[0][1] == expected


@pytest.mark.parametrize("cue", [
    "acknowledged", "acknowledges", "tweeted", "responded", "joked", "asks", "wrote", "argued", "argues",
    "recalled", "conceded", "insisted", "complained", "predicted", "testified", "said in a statement",
    "explained", "warns", "added", "noted",
])
def test_wider_cue_lexicon(cue):
    text = f"“The numbers simply do not add up,” Omar Haddad {cue}."
    assert speakers(text) == [("The numbers simply do not add up,", "Omar Haddad")], cue
    before = f"Omar Haddad {cue}: “The numbers simply do not add up.”"
    assert speakers(before)[0][1] == "Omar Haddad", cue


def test_pronoun_takes_the_nearest_suitable_antecedent():
    # the subject of the previous sentence, not the previous quotation's speaker
    text = ("“We are ready for the inspection,” Anna Berg said.\n\n"
            "Later that day, Tomas Keller arrived at the site. “Nobody warned us about the flooding,” he said.")
    assert speaker_of(text, "Nobody warned") == "Tomas Keller"
    # he/she skips a nearer person of the other gender
    text = ("Karen Voss met the factory owners on Monday. Peter Lindqvist, their lawyer, declined to comment. "
            "“They have until Friday,” she said.")
    assert speaker_of(text, "until Friday") == "Karen Voss"
    # a pronoun whose antecedent was introduced by full name and then by surname gets the full name
    text = "Selma Arkan ran the clinic for years. Arkan left in May. “I miss the patients,” she said."
    assert speaker_of(text, "miss the patients") == "Selma Arkan"
    # a sentence whose subject is the same pronoun passes the search further back
    text = ("Ilse Marten grew up in Graz. In 2001, she moved to Vienna, where Ottokar Brandl hired her. "
            "“I never looked back,” she says.")
    assert speaker_of(text, "never looked back") == "Ilse Marten"


def test_plural_pronoun_takes_the_plural_subject_before_it():
    text = "Many growers were sceptical. They called the subsidy “too little and far too late.”"
    assert speaker_of(text, "too little") == "Many growers"


def test_naming_verbs_attribute_partial_quotes():
    text = "Teodor Vance spoke for an hour. He dubbed the new tax a “stubborn old mistake.”"
    assert speaker_of(text, "stubborn") == "Teodor Vance"
    text = "Nadia Sorel labelled the deal “a quiet surrender” on Monday."
    assert speaker_of(text, "quiet surrender") == "Nadia Sorel"


def test_one_word_antecedent():
    text = "Ravelo, 54, said he would not resign. “I have work to finish here,” he told supporters."
    assert speaker_of(text, "work to finish") == "Ravelo"
    text = "“We start again tomorrow,” Quintero said. “Nothing changes.”"
    assert speakers(text) == [("We start again tomorrow,", "Quintero"), ("Nothing changes.", "Quintero")]


def test_surname_gets_the_fullest_earlier_name_and_shared_surnames_stay_as_written():
    text = ("Kofi Mensah-Bright chairs the board.\n\n“We will not sell,” Mensah-Bright said.")
    assert speaker_of(text, "not sell") == "Kofi Mensah-Bright"
    text = ("Ada Brenner and her husband Kurt Brenner run the farm.\n\n“Rain is all we need,” Brenner said.")
    assert speaker_of(text, "Rain") == "Brenner"


def test_stand_alone_quote_paragraphs_continue_the_speaker():
    text = ("Jonas Weber, who runs the food bank, said demand had doubled since spring.\n\n"
            "“We have never seen lines like this in twenty years.”\n\n"
            "“Families who gave to us last winter are now queuing for bread.”")
    got = attribute(text, actors=False)
    assert [q["kind"] for q in got] == ["direct", "direct"]
    assert [q["speaker"] for q in got] == ["Jonas Weber", "Jonas Weber"]
    # a quotation running over two paragraphs (the first is never closed)
    text = ("“We had no warning at all,” said Lucia Ferro, a resident. “The water rose in minutes.\n\n"
            "“By morning the whole street was gone.”")
    assert [s for _, s in speakers(text)] == ["Lucia Ferro"] * 3
    # a short subheading without end punctuation is still a headline
    text = "Mills reopen\n\nThe mill reopened.\n\n“Back to work”\n\n“We are glad to be back,” said Ivo Petrak."
    kinds = [q["kind"] for q in attribute(text, actors=False)]
    assert kinds == ["headline", "direct"]


# ---------------------------------------------------------------- pronouns and descriptions (dev error classes)

@pytest.mark.parametrize("text, fragment, expected", [
    # a described person as the subject of the previous sentence is the nearest antecedent
    ("Tom Marsh left the room. A Vexor spokesman said the firm was calm. “We have seen worse,” he said.",
     "seen worse", "A Vexor spokesman"),
    ("Ruth Ames chaired the hearing. The student handed over the notes. “My teacher allowed it,” he said.",
     "teacher allowed", "The student"),
    # "the <role>" is the person last named with that role, even past a nearer person of the same gender
    ("Ruth Ames, the committee's chairwoman, opened the session. Ann Pell spoke next. Later the chairwoman "
     "questioned the figures. “Nobody has checked them,” she said.", "checked them", "Ruth Ames"),
    # the source after an inverted cue or "according to" is the subject of the reporting clause
    ("Tom Marsh ran the meeting. Prices rose, according to Hal Brody, an economist at Zed Bank. "
     "“It will get worse,” he said.", "get worse", "Hal Brody"),
    # a firm named after people ("X & Co.") is no person a pronoun can take
    ("Investors fled, said Ruth Ames, an analyst at Bell Lynch & Co. Rates, she said, are “too high to bear.”",
     "too high", "Ruth Ames"),
    # a name never runs over a paragraph break ("S&P." + "A Shearson" is no name "P. A Shearson")
    ("Shearson “really only has $300 million of capital,” says Mr. Bowman of S&P.\n\nA Shearson spokesman said "
     "the firm isn't worried. “A year ago, we faced the same review,” he said.", "A year ago", "A Shearson spokesman"),
])
def test_pronoun_takes_a_described_or_reported_antecedent(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_definite_title_description_is_the_person_named_just_before():
    # "the <title>" never introduced as such, in the pronoun's sentence: the person named as subject just before
    text = ("Ines Moreau met the trade delegation on Monday. The French minister praised what she called a "
            "“lasting friendship” between the two ports.")
    assert speaker_of(text, "lasting friendship") == "Ines Moreau"
    # a description introduced earlier ("a student" … "The student") stays a description
    text = ("A student was caught with notes during the exam. Ruth Ames chaired the hearing. The student handed over "
            "the notes. “My teacher allowed it,” he said.")
    assert speaker_of(text, "teacher allowed") == "The student"


def test_gender_picks_among_people_sharing_a_surname():
    # an apposition ("the mayor's wife") or a title ("Mrs.") tells the gender; "he" then takes the man
    text = ("Milena Kovac, the mayor's wife, teaches at the school. “The children are scared,” says Mrs. Kovac.\n\n"
            "At the mill, Dragan Kovac says he hires from both sides. Kovac is proud of his town.\n\n"
            "“Where would I go?” he asks.")
    assert speaker_of(text, "Where would I go") == "Dragan Kovac"
    text = ("Milena Kovac, the mayor's wife, teaches at the school. Dragan Kovac runs the mill.\n\n"
            "“The children are scared,” says Mrs. Kovac.")
    assert speaker_of(text, "children") == "Milena Kovac"


@pytest.mark.parametrize("text, fragment, expected", [
    # a group counted in the previous sentence (after a wire dateline) is what "they" chanted or cite
    ("LIMA, Peru (AP) _ Thousands of farmers, students and miners on Saturday marched through the capital.\n\n"
     "Beneath a hot sun, they sang and chanted “No more taxes,” for hours.", "No more taxes",
     "Thousands of farmers, students and miners"),
    ("Yet many economists aren't predicting a recession. They cite a lack of “imbalances” in the economy.",
     "imbalances", "many economists"),
    # "it" as a speaker: the organisation that is the subject before it
    ("Ruth Ames spoke first. Control Data also said it is developing what it called a “supermainframe” computer.",
     "supermainframe", "Control Data"),
])
def test_they_and_it_take_groups_and_organisations(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


# ---------------------------------------------------------------- names and attributions (dev error classes)

@pytest.mark.parametrize("text, fragment, expected", [
    # a middle initial, or a word after a first name, is part of the name, not a descriptor to cut
    ("“Rates will fall by spring,” said Ann B. Lee, an economist at Harlow Bank.", "Rates", "Ann B. Lee"),
    ("English novelist Dorothy L. Sayers described ringing as a “passion of completeness.” Ringers, she added, "
     "are “filled with solemn joy.”", "solemn joy", "Dorothy L. Sayers"),
    # a bracketed party and state between the name and the verb
    ("“We will vote no,” Rep. Pat Holm (D., Mont.) said during the debate.", "vote no", "Pat Holm"),
    ("“The bill is a trap,” Rep. Ada Crane, (R., Ohio) said.", "trap", "Ada Crane"),
    # the person before "of <place>", not the place
    ("“The ruling stands,” my lawyer, the scholarly Mark Ricci of Des Moines, said in a memo.", "ruling stands",
     "Mark Ricci"),
    # a description named in apposition: the name
    ("The vicar, W.D. Jones, refuses to talk about it, saying it would “reopen old wounds.”", "old wounds", "W.D. Jones"),
    # a determiner, an organisation's name and a person noun make a description, not a name
    ("“Margins are thin this year,” says a Venture Capital spokesman.", "Margins", "a Venture Capital spokesman"),
    # a contraction is a verb, a sentence-opening participle no name
    ("Mr. Leming wasn't surprised by the lower price, saying he believes it is “the most you can pay for the firm.”",
     "the most", "Leming"),
    ("Reached at his office, Mr. McFall, currently chairman, said, “We did nothing wrong at all.”", "nothing wrong",
     "McFall"),
    # an apposition over three commas; a manner adverb between subject and verb
    ("Tom Marsh sold early. William Rothe, head of trading at Brown & Sons, in Baltimore, said the swings keep "
     "markets unsettled. He believes that program trading has “thoroughly confused” investors.", "confused",
     "William Rothe"),
    ("This includes what Deputy Minister Yuri Volkov fetchingly called “new peaceful weapons.”", "peaceful",
     "Yuri Volkov"),
    # … but a noun in -ly is no adverb
    ("“We will fight on,” a member of the family said.", "fight on", "a member of the family"),
])
def test_names_and_appositions_in_attributions(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


@pytest.mark.parametrize("text, fragment, expected", [
    # a cue word that is also a noun is a verb before "that"; "points out that"
    ("And Robert Arnott, president of Quadrant, notes that volatility had reached “historically low levels.”",
     "historically", "Robert Arnott"),
    ("Scott Black, a money manager who heads Delphi Inc., points out that for such investors, “the value of a stock "
     "barely changes.”", "value of a stock", "Scott Black"),
    # a short scare quote inside the sentence does not start a new clause
    ("Rival columnist Howie Carr, who rails at “hacks” and nepotism, argued that the drawings hid a “rapidly "
     "growing forehead.”", "forehead", "Howie Carr"),
    # verbs of belief followed by "that" report the subject's view
    ("Rita Moss left early. Omar Sato, chief economist at Norden Bank, Oslo, holds that the swings “raise the risk "
     "of a slump.”", "risk of a slump", "Omar Sato"),
    # verbs of stated opinion attribute the quoted words
    ("Wanda Reyes, a trader, said prices were falling. She believes that the swings have “thoroughly confused” "
     "investors.", "confused", "Wanda Reyes"),
    # a stressed last syllable doubles its consonant ("admitted"); "as X put it," without a colon
    ("“I don't know where the money went,” admitted Paul Ryder, the director.", "money went", "Paul Ryder"),
    ("As Clinton put it Tuesday, “The era of the big program is over.”", "big program", "Clinton"),
    ("Or, as Dora Alvey, a decorator in Arnold, Calif., puts it: “Funny things spook the market.”", "Funny things",
     "Dora Alvey"),
    # a verb coordinated past an interrupting phrase shares the clause's subject
    ("Mr. Lindqvist asked Mr. Ferro where the tip came from and, on hearing that it was Dora Pell, replied: "
     "“Then it must be true.”", "must be true", "Lindqvist"),
    # a conjunction or sentence adverb before the cue or the quotation
    ("But, says the manager of a local station, “we cannot pay that much.”", "cannot pay",
     "the manager of a local station"),
    ("Still, “much less of it is done here than in the U.S.” said Hugo Brandt, a trader in London.", "much less",
     "Hugo Brandt"),
])
def test_cues_and_clauses(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


@pytest.mark.parametrize("text, fragment, expected", [
    # "who says": the person named before the relative pronoun
    ("“Prices will hold,” says Glenn Mills. Arne D. Holt, a 59-year-old Denver investor who says the market's "
     "“swings give me headaches,” sees no point in a ban.", "headaches", "Arne D. Holt"),
    # a quotation opening a sentence right after reported speech in its paragraph continues that speaker
    ("“Buyers are cautious,” says Ann Vole of the Gallery Guide.\n\nMuseums are now serious buyers, says Robert Pask "
     "of the Print Letter. “When prints go to institutions, they stay there.”", "prints go", "Robert Pask"),
    # a name opening with an initial keeps a surname that is also a first name
    ("“The public did not come to play a game,” says A. Brean Murray, chairman of a fund.", "public", "A. Brean Murray"),
    # a dashed aside between the subject and its verb
    ("Globe columnist Mike Barrow -- in his second attack on the paper in as many weeks -- averred that the portrait "
     "looked “like a face on a bottle of elixir.”", "elixir", "Mike Barrow"),
    # a subordinate clause ("because it suggests") is no description; its "it" is the organisation before
    ("The Hudson Institute issued a report on Monday. It contends that the policy is failing because it suggests "
     "that condoms make sex “safe.”", "safe", "The Hudson Institute"),
    # a sentence-opening "But" before a partial quotation attributed after it; initials before "van"
    ("The new wire shows how the problem can be solved. But “it will not lead to quick use” of the metal, cautioned "
     "Robert B. van Dover, one of the researchers.", "quick use", "Robert B. van Dover"),
    # a possessive is no subject; a described subject with a name in apposition is that person
    ("The author, William Stern, praises his own integrity. When offered a free trip by one of Wedtech's principals, "
     "he tells the reader, “I refused to accept anything of value.”", "anything of value", "William Stern"),
    # "X of <place>, verb": X is the subject a later pronoun takes
    ("Glenn Tarr sold his shares. In October, Mrs. Arno of Arnold, Calif., moved to sell her “speculative stocks” "
     "early. She believes the only answer is to “buy stocks that last.”", "stocks that last", "Arno"),
])
def test_relative_clauses_reported_speech_and_initials(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


# ---------------------------------------------------------------- round 2: general news patterns

@pytest.mark.parametrize("text, fragment, expected", [
    # an organisation word in a title before the name does not make the person an organisation
    ("Fire Department Captain Roy Ellison said the blaze began in a basement. “It spread through the walls,”"
     " Ellison said.\n\n“We were lucky nobody was inside,” he said.", "lucky", "Roy Ellison"),
    # an organisation word that is also a surname, after a first name, is a person's surname
    ("Deputy Nina Hall met the farmers on Monday.\n\n“Their wells have run dry,” she said.", "wells", "Nina Hall"),
    # the name in apposition to a description is the subject ("Her doctor, X, said …")
    ("Rescuers pulled Omar Said from the rubble on Sunday. His doctor, Ingrid Wahl, said he was stable.\n\n"
     "“He is very weak but he will recover,” she said.", "very weak", "Ingrid Wahl"),
    # a time phrase closing an apposition ("…, who lost his job in March,") is no subject
    ("Dennis Fairley, a welder who was laid off in June, said, “I just want a paycheck again.”", "paycheck",
     "Dennis Fairley"),
    # an abbreviated title names the role a later description uses ("Sen. X … the senator said")
    ("Sen. Carla Mendes, a Democrat from Oregon, voted no. “This bill helps nobody,” the senator said.",
     "helps nobody", "Carla Mendes"),
])
def test_titles_appositions_and_surnames(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_quotation_left_open_at_a_paragraph_end_takes_the_continuations_speaker():
    # news style: a quotation over several paragraphs leaves each paragraph but the last open, and the
    # attribution often comes only in the last one
    text = ("Coach Mark Ibsen has trained the rowing club since 1991.\n\n“We started with two old boats and a shed."
            " Nobody thought we would last a season.\n\n“Now we send crews to the national finals,” he said.")
    got = speakers(text)
    assert [s for _, s in got] == ["Mark Ibsen", "Mark Ibsen"], got


def test_capitalised_plural_noun_is_no_person():
    # "Inspectors found …" opens a sentence with a plural common noun: it is no one-word name for "she"
    text = ("Inspectors found cracks in the dam last week. Its engineer, Paula Grieve, said repairs had begun.\n\n"
            "“The water level is being lowered,” she said.")
    assert speaker_of(text, "water level") == "Paula Grieve"


def test_words_inside_a_quotation_are_no_reporting_clause_and_open_paragraphs_continue():
    # "“People believed …" inside a quotation is the speaker's sentence, not "People believed" reporting speech;
    # the quotation left open at the paragraph end goes on in the next paragraph, by the same speaker
    text = ("Dr. Vera Lukas ran the field hospital for two years.\n\n“When we opened, nobody came,” Lukas said."
            " “Families believed the place was cursed.\n\n“Now they queue at dawn.”")
    assert [s for _, s in speakers(text)] == ["Vera Lukas"] * 3


@pytest.mark.parametrize("text, fragment, expected", [
    # a sentence adverb before its comma is no speaker
    ("Earlier, the firm's lawyer, Hugo Brandt, said: “We will appeal.”", "appeal", "Hugo Brandt"),
    # a title "of" a domain before the name, after an inverted cue
    ("“Talks will resume in May,” said Minister of Trade Olga Petrenko.", "Talks", "Olga Petrenko"),
    # a person later called by the first word of the name: a family name written first, or a given name
    ("“Exams start next week,” said Park Ji-hoon, 17, a student in Seoul. Park said he slept four hours a night."
     "\n\n“Everybody is tired,” Park said.", "tired", "Park Ji-hoon"),
])
def test_inverted_titles_adverbs_and_family_names_first(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_pronoun_skips_a_description_of_the_other_gender():
    # "her brother" as the last speaker is a man: "she" goes back to the woman
    text = ("Irene Vasquez and her brother, Carlos, run the bakery.\n\n“We start at four,” Ms. Vasquez said.\n\n"
            "“Sometimes three,” her brother said.\n\n“Never three,” she said.")
    assert speaker_of(text, "Never three") == "Irene Vasquez"


@pytest.mark.parametrize("text, fragment, expected", [
    # the owner of a speech noun just before the quotation says it
    ("The plan dropped Gov. Ruth Elling's promise of “a school in every village.”", "school", "Ruth Elling"),
    ("Dr. Amos Kerr's advice to the young doctors was simple: “Listen before you cut.”", "Listen", "Amos Kerr"),
    # a number among the modifiers of a description before the name in apposition
    ("“We kept running,” said the 6-foot-6 forward, Damon Pryce.", "running", "Damon Pryce"),
    # a definite role nobody had before: the person named as subject just before
    ("Ines Marquez rebuilt the orchestra in two seasons. “They play like a family now,” the conductor said.",
     "family", "Ines Marquez"),
])
def test_possessive_owners_numbers_and_second_references(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_a_role_introduced_as_someone_new_or_a_spokesman_is_no_second_reference():
    # "a conductor" introduced a new person; a spokesman speaks for someone else
    new = ("Ines Marquez hired a conductor from Vienna. “They play like a family now,” the conductor said.")
    assert speaker_of(new, "family") != "Ines Marquez"
    spokes = "Ines Marquez cancelled the tour. “She needs rest,” the spokesman said."
    assert speaker_of(spokes, "needs rest") != "Ines Marquez"


def test_given_name_in_apposition_to_a_family_noun_is_a_person_of_that_gender():
    # "His sister, Olga, …": a one-word given name after a person noun is a person and, for "she", a woman
    text = ("Piotr Nowak lost his shop in the flood. His sister, Olga, took him in.\n\n"
            "“We share everything now,” she said.")
    assert speaker_of(text, "share everything") == "Olga"


def test_story_opening_with_a_quotation_paragraph():
    # a whole quoted sentence opening the story is a quotation (not a headline), introduced by the next paragraph
    text = ("“Nobody in this valley has ever seen water this high.”\n\nAnton Berger, 71, has farmed beside the river"
            " since 1950. He lost his barn on Sunday.\n\n“It took an hour,” he said.")
    got = attribute(text, actors=False)
    assert got[0]["kind"] == "direct" and got[0]["speaker"] == "Anton Berger", got[0]
    # a short subheading without end punctuation stays a headline
    assert attribute("“Water everywhere”\n\nThe river rose on Sunday.", actors=False)[0]["kind"] == "headline"


def test_he_or_she_never_takes_a_speaker_that_is_no_person():
    # the earlier quotation's "speaker" is a document ("Her report"): "she" goes back to the woman
    text = ("Dr. Maya Osei studied the river for a decade. Her report called the dam “a slow disaster” or,"
            " as she put it, “a flood in slow motion.”")
    assert speaker_of(text, "slow motion") == "Maya Osei"


def test_a_lone_capitalised_subject_yields_to_a_known_person():
    # "Petrolux disputed …" may be a firm: "he" goes back to the man named in full, unless nobody else is in reach
    text = ("“The pipeline leaks every winter,” said Gareth Innes, an engineer who inspected it.\n\n"
            "Petrolux disputed the findings last week.\n\n“They know the welds are bad,” he said.")
    assert speaker_of(text, "welds") == "Gareth Innes"
    # an age after a one-word name marks a person too
    aged = "“The plan is dead,” said Tom Reilly.\n\nVos, 31, disputed that. “It is alive,” he said."
    assert speaker_of(aged, "alive") == "Vos"
    # a one-word name with a title is a person
    titled = "Gareth Innes wrote the report. Sen. Okafor read it. “It is damning,” he said."
    assert speaker_of(titled, "damning") == "Okafor"


@pytest.mark.parametrize("text, fragment, expected", [
    # the medium that quotes a source is no speaker: the source is
    ("“The harbour will reopen in June,” the Novi Vesti agency quoted Ivo Marek as saying.", "harbour", "Ivo Marek"),
    ("“The harbour will reopen in June,” Ivo Marek was quoted as saying by Novi Vesti.", "harbour", "Ivo Marek"),
    ("Ivo Marek was quoted by Novi Vesti as saying the harbour was “ready for ships.”", "ready", "Ivo Marek"),
    # a possessive opens a description after an inverted cue; the name follows in apposition
    ("“The border stays open,” said Chile's interior minister, Rosa Vidal.", "border", "Rosa Vidal"),
])
def test_quoted_as_saying_and_possessive_descriptions(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


@pytest.mark.parametrize("text, fragment, expected", [
    # a relative clause in apposition between the subject and "has said"
    ("Nora Quist, who chairs the tenants' group, has said often that “rent control saves neighborhoods.”",
     "rent control", "Nora Quist"),
    # a view framed as a person's: "For X, …: “…”", "To X, … “…”"
    ("For Nora Quist, the lesson is plain: “Organize early.”", "Organize", "Nora Quist"),
    ("To Nora Quist, the new law is “a gift to landlords.”", "gift", "Nora Quist"),
])
def test_relative_clauses_and_framed_views(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_they_takes_a_bare_plural_subject():
    # "Nurses walked out …. “…,” they said": a group named by a bare plural; a surname in -s is no group
    text = "Nurses walked out of the hospital on Monday. “We are exhausted,” they said in a statement."
    assert speaker_of(text, "exhausted") == "Nurses"
    assert speaker_of(text.replace("Nurses", "Peters"), "exhausted") != "Peters"


def test_a_name_never_runs_into_the_next_sentence():
    # "… the U.S. His …": the pronoun opening the next sentence is no part of a name
    text = "The firm moved its plant to the U.S. His partner, Ada Lind, stayed. “I like it here,” she said."
    assert re.findall(NAME, text)[0] == "The", re.findall(NAME, text)
    assert "U.S. His" not in re.findall(NAME, text)
    assert speaker_of(text, "like it here") == "Ada Lind"


def test_stand_alone_quotation_paragraph_after_a_paragraph_about_someone():
    # a quotation paragraph with no attribution belongs to the person the paragraph before is about
    about = ("Maren Holt opened the bakery in 1975.\n\nShe still bakes every loaf herself, six days a week.\n\n"
             "“My hands know the dough better than I do.”")
    assert speaker_of(about, "dough") == "Maren Holt"
    # or, after a paragraph about nobody, to the last speaker a little way back
    back = ("“Flour costs twice what it did,” said Maren Holt, the owner.\n\nThe village lost its mill in 1990."
            " Prices rose.\n\n“We manage somehow.”")
    assert speaker_of(back, "manage") == "Maren Holt"


def test_he_added_goes_on_with_the_last_speaker():
    # "he added": the last quotation's speaker goes on, even past a paragraph about another man …
    text = ("“The levy is too low,” said Colin Brady, the harbour master.\n\nOwen Tait, the mayor, has defended the"
            " levy since 2010.\n\n“And it will stay too low,” he added.")
    assert speaker_of(text, "stay too low") == "Colin Brady"
    # … but not past the other man's own reported speech, nor to a speaker of the other gender
    reported = text.replace("has defended the levy since 2010.", "said the levy was fair.")
    assert speaker_of(reported, "stay too low") == "Owen Tait"
    assert speaker_of(text.replace("Colin Brady", "Nora Brady"), "stay too low") == "Owen Tait"


def test_a_first_name_unknown_to_the_names_corpus_stays_in_the_name():
    # "Colm" is not in NLTK's names corpus and "Brady" is (as a first name): the person is still Colm Brady
    assert speaker_of("“The nets came up empty,” said Colm Brady, a fisherman.", "nets") == "Colm Brady"


def test_one_word_name_as_subject_of_an_irregular_verb():
    # a one-word name governing an irregular past tense ("Okonjo fled …") is a subject a pronoun can take
    text = "“We can wait,” said Nora Quist, the mayor.\n\nOkonjo spoke next. “We cannot,” he said."
    assert speaker_of(text, "cannot") == "Okonjo"


@pytest.mark.parametrize("cue", ["shot back", "hit back"])
def test_reply_verbs(cue):
    text = f"“Sell the land,” said Nora Quist. “Never,” replied Piet Vos. “Then you will lose it,” she {cue}."
    assert speaker_of(text, "lose it") == "Nora Quist"


def test_belief_verb_before_a_quoted_infinitive():
    # "X expects the drought “to …”": the expectation is X's
    text = "Piet Vos, a grain broker, was gloomy. Nora Quist expects the drought “to cut the harvest by a third.”"
    assert speaker_of(text, "harvest") == "Nora Quist"


@pytest.mark.parametrize("text", [
    ("A young nurse stood at the gate.\n\n“Nobody has been paid for months,” the nurse said.\n\n"
     "The nurse, Ana Ruiz, has worked at the clinic since 1994."),
    ("“We sleep in shifts,” said a tired soldier at the checkpoint. He identified himself as Tomas Berg,"
     " a reservist from the north."),
])
def test_person_described_first_and_named_later(text):
    # the description's quotations take the name given later
    assert speakers(text)[0][1] in ("Ana Ruiz", "Tomas Berg"), speakers(text)


@pytest.mark.parametrize("text, fragment, expected", [
    # "Asked about X's …, Y said": a participle opening the sentence is no inverted cue
    ("Asked about Piet Vos's injury, Nora Quist said, “He will be back next month.”", "back next", "Nora Quist"),
    # a given name that the words corpus also lists ("amani") stays in the name, and a relative clause marks the
    # one-word surname that takes it up as a person a pronoun can refer to
    ("The pass went to Amani Kiprono.\n\nKiprono, who had been dropped twice, said he was relieved."
     " “I needed that,” he said.", "needed", "Amani Kiprono"),
])
def test_participle_openers_and_given_names_in_the_words_list(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


@pytest.mark.parametrize("text, fragment, expected", [
    # a long apposition with a relative clause between the name and the verb after the quotation
    ("“Sleep is the first thing to go,” Dr. Lena Fisk, a neurologist at Harlow College who has studied shift"
     " workers for two decades, said.", "Sleep", "Lena Fisk"),
    # "One of the X, NAME, said": a quantity is no name
    ("One of the founders, Lena Fisk, said: “We started with nine members.”", "nine members", "Lena Fisk"),
])
def test_long_appositions_and_quantities(text, fragment, expected):
    assert speaker_of(text, fragment) == expected


def test_inverted_cue_right_before_a_quotation():
    # "…, said X, “…”": the inverted attribution right before the quotation, not the clause's first noun
    text = "New audits, she said, could follow within weeks, said Lena Fisk, “starting with the pension fund.”"
    assert speaker_of(text, "pension fund") == "Lena Fisk"


def test_sentence_final_inverted_attribution_covers_every_fragment():
    # quoted fragments of one sentence, attributed once at its end: all are the speaker's
    text = ("Wheat rose, said Piet Vos, a trader. “The frost” reported on Monday “will cut yields” this year,"
            " said Lena Fisk of Carver Bank.")
    assert [s for _, s in speakers(text)] == ["Lena Fisk", "Lena Fisk"]


# ---------------------------------------------------------------- the two bugs

def test_name_particles_need_word_boundaries():
    assert re.findall(NAME, "the Iranian leader said presidential candidates were ready") == ["Iranian"]
    assert "de" not in {q["speaker"] for q in attribute("“We will not retreat,” the Iranian leader said.")}
    assert attribute("“We will not retreat,” the Iranian leader said.")[0]["speaker"] == "the Iranian leader"
    # particles inside a name still belong to it
    assert re.findall(NAME, "Ludwig van Beethoven and Osama bin Laden") == ["Ludwig van Beethoven", "Osama bin Laden"]


def test_article_registry_does_not_resolve_unrelated_phrases():
    reg = registry()
    assert resolve_phrase(reg, "a government spokesman") is None
    assert resolve_phrase(reg, "a Russian diplomat") is None
    # the article's own resolutions stay
    assert resolve_phrase(reg, "the government") == "syria"
    assert resolve_phrase(reg, "Russian Vladimir Poutine") == "putin"
    text = "“The border stays open,” a government spokesman said."
    assert attribute(text)[0]["speaker"] == "a government spokesman"
    # without the registry, names are left as the document gives them
    assert attribute("“Talks went well,” Poutine said.", actors=False)[0]["speaker"] == "Poutine"
    assert attribute("“Talks went well,” Poutine said.")[0]["speaker"] == "putin"
    assert resolve_phrase(Registry([{"id": "gov", "name": "the government", "kind": "state"}]), "a government official") is None


def test_bad_input_gets_a_clear_error():
    with pytest.raises(TypeError, match="str"):
        attribute(None)
    with pytest.raises(TypeError, match="map a document id"):
        score_quotes([], [])


def test_public_helpers_and_output_keys_stay():
    q = attribute("“We will win,” said Ana Silva, according to a party statement.", actors=False)[0]
    assert set(q) >= {"start", "end", "text", "kind", "speaker", "speaker_text", "cue", "channel", "addressee"}
    assert (q["speaker"], q["cue"]["text"]) == ("Ana Silva", "said")
    assert [f["text"] for f in find_quotations("He said “yes” and “no”.")] == ["yes", "no"]


# ---------------------------------------------------------------- the scorer

def _gold(doc, start, end, name, type_="name", aliases=()):
    return {"id": f"qdev{start:03d}", "doc": doc, "content": {"start": start, "end": end, "text": "x"},
            "speaker": {"name": name, "type": type_, "aliases": list(aliases), "mention": None}}


def test_speaker_matching_rules():
    assert speaker_matches("Clinton", "Bill Clinton")
    assert speaker_matches("Mr. Clinton", "Bill Clinton")
    assert speaker_matches("President Bill Clinton", "Bill Clinton")
    assert not speaker_matches("Bill", "Bill Clinton"), "the last name must be there"
    assert not speaker_matches("Hillary Clinton", "Bill Clinton"), "a word outside the gold name"
    assert speaker_matches("Lorillard Inc.", "a Lorillard spokeswoman", ["Lorillard Inc."]), "equals an alias"
    assert not speaker_matches(None, "Bill Clinton") and not speaker_matches("", "Bill Clinton")
    assert name_tokens("the Rev. Jesse Jackson") == ["jesse", "jackson"]
    assert name_tokens("a spokesman") == ["spokesman"], "a phrase made only of titles keeps them"


def test_score_quotes_on_a_tiny_case():
    gold = [_gold("d1", 0, 10, "Ann Lee"), _gold("d1", 20, 30, "Bo Diaz", "pronoun"),
            _gold("d1", 40, 50, None, "none"), _gold("d2", 0, 10, "a police officer", "description")]
    pred = {"d1": [{"start": 1, "end": 9, "speaker": "Lee"},          # right
                   {"start": 22, "end": 35, "speaker": "Ann Lee"},    # wrong speaker
                   {"start": 60, "end": 70, "speaker": "Bo Diaz"}],   # spurious
            "d2": [{"start": 0, "end": 10, "speaker": "a police officer"}],
            "d3": [{"start": 0, "end": 5, "speaker": "x"}]}          # a document without gold: ignored
    r = score_quotes(pred, gold)
    assert (r["n_gold"], r["n_pred"], r["n_matched"]) == (4, 4, 3)
    assert r["precision"] == pytest.approx(0.75) and r["recall"] == pytest.approx(0.75)
    assert r["speaker_total"] == 3, "a gold quote without a named speaker is not scored for speaker"
    assert r["speaker_accuracy"] == pytest.approx(2 / 3)
    assert r["by_type"]["pronoun"] == {"right": 0, "total": 1, "accuracy": 0.0}
    assert r["by_type"]["description"]["right"] == 1
    kinds = sorted(e["kind"] for e in r["errors"])
    assert kinds == ["missed", "speaker", "spurious"]


def test_matching_is_one_to_one():
    gold = [_gold("d", 0, 10, "A B"), _gold("d", 12, 20, "C D")]
    pred = [{"start": 0, "end": 20, "speaker": "B"}]
    assert len(match_quotes(pred, gold)) == 1
    r = score_quotes({"d": pred}, gold)
    assert r["n_matched"] == 1 and r["speaker_total"] == 1


# ---------------------------------------------------------------- the dev split

# Floors set a little below what the reference method reaches on dev (263 gold quotations: speaker accuracy
# 0.935 overall, 1.000 on named and pronoun sources after round 2's rules for longer stories; 0.92 / 0.985
# before them, 0.90 / 0.95 before the pronoun and description rules), so that a change that loses ground on dev
# fails.  The test split is never read here.
DEV_FLOOR = {"all": 0.92, "named_and_pronoun": 0.98}


@pytest.fixture(scope="module")
def dev_scores():
    from whosaidwhat.unseen import annotation_file, annotations, documents

    if not annotation_file("quotations", "dev").is_file():
        pytest.skip("no dev quotation gold yet (data/unseen/quotes.dev.json)")
    gold = annotations("quotations", "dev")
    texts = {d["id"]: d["text"] for d in documents("dev")}
    pred = {doc: attribute(texts[doc], actors=False) for doc in {g["doc"] for g in gold}}
    return score_quotes(pred, gold)


@pytest.mark.slow
def test_dev_split_speaker_accuracy_floor(dev_scores):
    r = dev_scores
    by = r["by_type"]
    named = [by.get(t, {"right": 0, "total": 0}) for t in ("name", "pronoun")]
    right, total = sum(t["right"] for t in named), sum(t["total"] for t in named)
    assert r["recall"] >= 0.95, r
    assert r["speaker_accuracy"] >= DEV_FLOOR["all"], by
    assert total and right / total >= DEV_FLOOR["named_and_pronoun"], by
