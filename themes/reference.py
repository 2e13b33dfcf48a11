"""Everyday feedback: to calibrate one-theme frameworks, and to tell general comments apart.

``REFERENCE_STATEMENTS``: with several themes, a theme's "no" is learnt from the other themes'
statements (how alike statements of different themes are). A framework of one theme has no
other statements, so its prior would say "yes" to nearly everything (on real feedback, 80-95%
of comments). These fictional statements stand in for "other things people say"; a theme's own
subject among them only nudges the average. Measured on one-theme frameworks cut from two data
sets (9 FFT themes, 5 strategy themes on our mental-health fixtures): mean F1 0.20 -> 0.33 and
0.41 -> 0.61.
"""

from __future__ import annotations

REFERENCE_STATEMENTS: tuple[str, ...] = (
    "The staff were kind and friendly.", "I waited three months for an appointment.",
    "The food on the ward was cold.", "Parking at the hospital is expensive.",
    "Nobody explained my medication to me.", "The doctor listened to me.",
    "The waiting room was dirty.", "My family were not kept informed.",
    "I was discharged without a plan.", "The receptionist was rude.",
    "The building is hard to get to by bus.", "Thank you for everything.",
    "The letters arrived after my appointment.", "I felt safe on the ward.",
    "The phone line was always busy.", "There is nothing for young people in my area.",
    "My carer needs more support.", "The nurse treated me with dignity.",
    "I had to repeat my story to every new worker.", "The group sessions helped me a lot.",
    "It was too noisy to sleep at night.", "I did not know who to call in a crisis.",
    "The app for booking appointments does not work.", "The therapist understood me.",
    "People judge you when you say you have a mental illness.", "Good service.",
    "The GP and the hospital did not share my notes.", "My privacy was not respected.",
    "The translator did not turn up.", "The care was excellent.",
)

# General verdicts with no subject of their own ("Excellent care.", "Good service."). A sentence
# model puts "care" near "carers" and "service" near "access", so with no labels such comments
# drew themes they do not speak of (on real FFT feedback coded to the strategy's themes, 42% of
# comments got a theme where 6% had one). The prior lets these compete with each theme nobody
# has labelled yet: a comment closer to them than to a theme's statements is pushed away from
# that theme, as a trailing theme is (a labelled theme's labels say what is general). Statements
# a framework's own statements resemble are dropped for that framework (a team may code "general
# praise" as a theme). Measured on development splits of three real FFT codings and two
# fictional mental-health sets: the share of FFT comments given a strategy theme 42% -> 29%,
# micro-F1 there 0.11 -> 0.14, others within 0.005.
GENERAL_STATEMENTS: tuple[str, ...] = (
    "Excellent service.", "Very good.", "Good.", "Great service, thank you.", "Brilliant.",
    "Everything was fine.", "No complaints.", "Nothing, it was all good.", "Can't fault it.",
    "Keep up the good work.", "Thank you so much.", "It was OK.", "Could be better.",
    "Poor service.", "Not very good.", "Very happy with everything.", "I was very satisfied.",
    "Really helpful.", "Fantastic.", "Couldn't ask for more.", "All good.", "Nothing to add.",
    "Very pleased.", "Just carry on as you are.", "Lovely people.", "Amazing, thank you all.",
    "Not sure.", "No comment.", "It was a good experience.", "Very professional.",
    "The care was excellent.", "Caring and helpful staff.", "Good service and efficient.",
    "Lovely caring nurses.", "Very good care.", "Brilliant service from everyone.",
)
