"""Everyday feedback about many things, to calibrate a framework with a single theme.

With several themes, a theme's "no" is learnt from the other themes' statements (how alike
statements of different themes are). A framework of one theme has no other statements, so its
prior would say "yes" to nearly everything (on real feedback, 80-95% of comments). These
fictional statements stand in for "other things people say"; a theme's own subject among them
only nudges the average. Measured on one-theme frameworks cut from two data sets (9 FFT themes,
5 strategy themes on our mental-health fixtures): mean F1 0.20 -> 0.33 and 0.41 -> 0.61.
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
