"""Generate the fictional sample data set for the 2026 adult mental health listening exercise.

Every comment, name, phone number, email address and postcode below is invented. Output is
deterministic (fixed seed, fixed archive timestamps): re-running gives byte-identical files.

Usage: python data/sample/make_sample.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent
SEED = 20260901
FIXED_STAMP = (2026, 12, 1, 9, 0, 0)
FIXED_TIME = dt.datetime(*FIXED_STAMP)

COLUMNS = [
    "Response ID",
    "Submitted",
    "I am responding as",
    "Locality",
    "Age band",
    "How satisfied are you with mental health services?",
    "Do you know how to access services?",
    "Are services locally accessible?",
    "What is working well?",
    "What needs to change?",
    "Anything else you would like to tell us?",
]
EASY_READ_COLUMNS = [
    "Form number",
    "Date received",
    "Who am I?",
    "Where do I live?",
    "How happy am I with mental health services?",
    "Do I know where to go for help?",
    "What is good?",
    "What is bad?",
    "What would make things better?",
    "Who helped me fill this in?",
]

ROLES = {
    "U": "Service user",
    "C": "Carer, family member or friend",
    "P": "Member of the public",
    "S": "Health or social care worker",
    "V": "Voluntary or community sector worker",
}
LOCALITIES = {
    "NOR": "Norwich",
    "NN": "North Norfolk",
    "SN": "South Norfolk",
    "WN": "West Norfolk",
    "GYW": "Great Yarmouth and Waveney",
    "PNS": "Prefer not to say",
}
AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
SATISFACTION = ["Very satisfied", "Satisfied", "Neither", "Dissatisfied", "Very dissatisfied"]
YES_NO = ["Yes", "No", "Not sure"]

# Comment banks. Each entry starts with a header line "@ VOICES TONE [LOC] [a=AGE/AGE] [once]":
#   VOICES: letters from ROLES (or * for everyone) who could plausibly have written it;
#   TONE: + positive, ~ mixed or constructive, - negative;
#   LOC: a LOCALITIES code when the comment names a place; a=...: age bands that fit
#   (slash-separated, or "a=35+" for 35-44 and older);
#   once: distinctive (personal details, risk disclosures) so it is used by one respondent only.
# Following lines are joined with spaces; a literal \n is a line break inside the answer.

WORKING_WELL = r"""
@ * -
Nothing.
@ * -
nothing
@ * -
Not much.
@ * -
N/A
@ UCP -
Honestly? Nothing I can see.
@ UCP -
Cant think of anything to be honest
@ U -
nothing is working well thats why im filling this in
@ UCPV -
Very little. Sorry, but that’s the truth.
@ UC -
I wish I could write something positive here but I can't.
@ U -
Nothing works for people like me who fall between services – too ill for the wellbeing
service, not ill enough for the community team.
@ UCP ~
Once you are actually in the system the care is mostly good. Getting in is the problem.
@ * ~
The staff. Always the staff. They are doing their best in a system that is falling apart.
@ * ~
Occasionally you get someone brilliant and it makes all the difference. It shouldn't come down
to luck though.
@ U +
My care coordinator is brilliant. She rings when she says she will and she actually listens.
@ U + NOR
The evening crisis café in Norwich. The people there just sit with you and don’t judge, and
it's open when everything else is shut.
@ U +
Talking therapy over the phone worked well for me, I didn't have to find the bus fare or sit in
a waiting room.
@ U + once
Dr Okafor at my surgery has been amazing. She referred me the same day and phoned me herself a
week later to check I'd heard something.
@ U + SN
The peer support group that meets on Tuesdays in Wymondham. Being with people who get it without
having to explain yourself.
@ U +
text reminders for appointments are helpful, i forget things when im low
@ UC +
Being able to self-refer to the wellbeing service without having to go through the GP first.
@ U +
The staff on the ward were kind to me when I was at my absolute worst. I won't forget that.
@ U +
my support worker from the housing team goes above and beyond, shes the only one who rings back
@ U +
The recovery college courses. I did one on managing anxiety and one on sleep and both were
really good, and free.
@ U ~
Online CBT was fine for me. Not for everyone though, my partner couldn't get on with it at all.
@ UCP +
The 111 mental health option – I got through in about ten minutes and the person was calm and
kind.
@ U +
My pharmacist explains my medication better than any doctor has.
@ UCPV +
Peer support workers. People who have been through it themselves are worth ten leaflets.
@ U +
The mental health practitioner at my GP practice – I saw her within a week and she sorted out a
referral that had been stuck for months.
@ U ~
Hard to say, I've only just been referred. Ask me again in six months.
@ U ~
The Samaritans, though I know they aren't the NHS. They picked up when no one else did.
@ U + GYW
The drop-in at the library in Great Yarmouth on a Thursday. No appointment, no forms, just a
cup of tea and someone to talk to.
@ U + WN
The community team in King's Lynn have been good to me this year, a big change from before.
@ U ~
Medication reviews happen now, which they didn't used to. Still takes ages to get one though.
@ U +
Being treated like an adult who knows my own mind. My current psychiatrist does that and it has
made a massive difference.
@ U +
The art group. Sounds small but it gets me out of the house once a week.
@ U ~
when i finally got to see someone they were good. the waiting was the bad bit
@ U +
the crisis line was really good the one time i used it, the lady stayed on the phone with me
for nearly an hour
@ U +
Getting a named worker. Knowing who to ring makes me feel safer.
@ U + NN
The wellbeing walks along the front at Sheringham. Fresh air and nobody asking you to fill in a
form.
@ U ~ a=18-24/25-34
Being able to message my therapist between sessions. It’s the only reason I kept going.
@ C + once
The carers assessment finally happened after two years of asking, and I got a small grant for a
short break. It helped more than I can say.
@ C +
The family liaison nurse on the ward kept me informed every single day. That’s what it should
be like everywhere.
@ C + once a=35+
My son Liam's early intervention team have been excellent. They include us in everything and
they explain things properly.
@ C + GYW
The carers support group in Beccles. It’s the only place I can talk honestly about how hard
this is.
@ C +
When my husband was sectioned the ward staff were compassionate to me as well as to him. Small
things like a cup of tea and somebody explaining what would happen next.
@ C -
Nothing works well for carers. We are invisible until something goes wrong, and then it's our
fault.
@ C ~
Some individual staff are wonderful, but it depends completely on who you get.
@ C +
The crisis team came out within four hours when Mum was really unwell. They were calm and they
listened to me.
@ C ~
The care itself is ok once you're in. It's the communication with families that is terrible.
@ C +
The carers' charity helpline – practical advice on benefits and power of attorney. Nobody in the
NHS told me any of that.
@ C + NN
The Cromer carers’ coffee morning. Lovely people and they know every service going.
@ P +
There is far more talk about mental health than there used to be. People are less embarrassed
to say they are struggling.
@ PSV +
Mental health first aid training at work – I have used it twice now with colleagues.
@ P + a=55-64/65-74/75+
Schools seem much better at talking about it now, my grandchildren know more than I ever did.
@ PV +
Walking groups, men's sheds, allotment projects. They do a lot of good that nobody ever counts.
@ P -
I don't really know what's available, which probably says something.
@ P ~
I've no direct experience but friends say once they got a diagnosis things improved.
@ P + NN
The community café in North Walsham runs a wellbeing morning, it's friendly and not clinical.
@ P ~
Not sure. From the outside it looks like the people working in it care a lot.
@ S +
Our MDT meetings with primary care have improved communication a lot over the last year.
@ S +
The mental health practitioners in GP surgeries are a real success – patients are seen quickly
and the referrals we get into secondary care are much more appropriate.
@ S ~
Morale is low but people are still incredibly committed to their patients.
@ S ~
The single point of access is better than the old system, although it is still slow and people
get bounced around.
@ S +
Street triage with the police has cut Section 136 detentions in our area. Keep funding it.
@ S +
Supervision and training have improved this year, I actually get protected time now.
@ S + a=25+
As a GP I find the crisis resolution team responsive when I ring for advice.
@ S -
Honestly very little. We are firefighting every single day.
@ SV +
Good relationships with the local voluntary sector, we refer people to them a lot and they keep
us updated.
@ S +
Video appointments have cut our DNA rate for younger patients.
@ S +
as a ward nurse i think discharge planning has got better, families are invited to the meeting
now
@ SV +
Social prescribers are a great link between the surgery and community groups.
@ S ~
Individual teams work hard and innovate locally, but good practice doesn't spread across the
county.
@ S +
The new perinatal service has been a huge step forward for mums in our area.
@ S + WN
Joint clinics with the drug and alcohol service in King's Lynn mean people with a dual diagnosis
don't get turned away by both sides any more.
@ S +
Psychology-led reflective practice sessions on the ward. Helps us stay human.
@ S ~
Our team is stable at last, which means continuity for patients. We lost good people getting
here.
@ S +
The lived experience practitioners on our team have changed how we talk about people, for the
better.
@ S + GYW
In Gorleston the co-located team (primary care, community mental health and social care in one
building) works because we can walk down the corridor and talk.
@ V +
Our partnership with local GP surgeries means people reach us quickly, often within a week.
@ V +
Community hubs where NHS staff and charities sit in the same room. Things get sorted in one
conversation rather than six emails.
@ V +
Small grants for peer-led groups have made a real difference for very little money.
@ V +
We have flexibility the NHS doesn't – we can see people at home, in a café, wherever they feel
safe.
@ V -
From our side very little. Referrals back into NHS services go into a black hole.
@ V +
People tell us the crisis café is a genuinely safe space and they'd rather go there than A&E.
@ V ~
Lots of good will on the ground. People in different organisations want to work together, the
structures just don't let them.
@ V + NOR
The Norwich sanctuary evenings – guests tell us it stops them ending up in A&E.
@ V +
The money advice service working alongside the wellbeing service. Debt is a huge driver of the
distress we see.
@ V +
Our befriending volunteers. Loneliness is half the problem for a lot of the older people we
support.
"""

NEEDS_TO_CHANGE = r"""
@ * -
Waiting lists. They are far too long.
@ * ~
Shorter waiting times.
@ * -
waiting times!!!
@ UCP -
The waiting. Eighteen months for an assessment is not a service.
@ U - once
I was told 14 weeks for talking therapy. It has now been 9 months. I ring every fortnight and
nobody can tell me where I am on the list.
@ UCP ~
Make it clear where to go. There are so many names, services and numbers that even my GP didn't
know which one to refer me to.
@ U -
I have been passed from pillar to post. Wellbeing said I was too complex, the community team
said I wasn't unwell enough. Where am I supposed to go?
@ UC ~
One phone number that actually gets answered, by a person, who can tell you what happens next.
@ U -
Stop making people tell their story again and again. I have told it to six different people
this year.
@ UC ~
Let people self-refer to more services, not just the wellbeing service.
@ UCP ~
Someone to guide you through the system – a navigator or whatever you want to call it. When
you're unwell you can't fight for yourself.
@ U -
the referral forms are too complicated, i gave up half way through
@ S ~
Referral criteria need to be published and consistent. Every week we have referrals rejected
with no explanation and the patient ends up back with us.
@ S - a=25+
We bounce patients between tiers because nobody owns the “missing middle”. It's the single
biggest issue in my practice.
@ PSV ~
Clear, simple information about what's available, in one place, kept up to date.
@ U - a=18-24/25-34/35-44/45-54/55-64
Evening and weekend appointments. I work full time and can't keep taking time off without
risking my job.
@ UCP -
It is incredibly slow to get to the right level of help and people get worse while they wait.
@ UC -
I feel completely “lost in the system”. Nobody is in charge of my care.
@ C -
The GP, the mental health team and social services do not talk to each other. I am the only
person who knows everything and I'm exhausted.
@ U ~
Physical and mental health need to be treated together. My diabetes team and my mental health
team have never once spoken.
@ S ~
Shared care records. I still can't see the mental health trust's notes from my practice system,
so I'm relying on letters that arrive weeks late.
@ S -
Sharing data between organisations is really difficult – three systems, none of them talk, and
information governance gets used as a reason to do nothing.
@ SV ~
The voluntary sector needs to be treated as a partner, not a cheap add-on. We hold a lot of the
risk and we are never invited to the meetings.
@ U -
Discharged from the community team by letter after four years. No meeting, no plan, nothing.
Just a letter saying ‘see your GP’.
@ UC ~
Joined-up care between drug and alcohol services and mental health. My brother gets turned away
by each of them because of the other.
@ S ~ GYW
Stop the boundary arguments between Norfolk and Suffolk for Waveney patients. People near
Lowestoft fall through the gap every time.
@ S ~
Integrated teams with social care in the same building. It works where it's been tried.
@ U -
The left hand doesn't know what the right hand is doing. I got two appointment letters for the
same day at different places.
@ UCP -
The crisis team seems to only take you seriously once you've actually done something. Help
needs to come before that.
@ U - once
I rang the crisis line three times in one night and it rang out every time. In the end I called
999.
@ C - once a=35+
My daughter told me last week she has a plan to kill herself, and the crisis team said to ring
back if it gets worse. How much worse does it have to get??
@ UC ~
Somewhere to go in a crisis that isn't A&E. Sitting in A&E for 14 hours when you're suicidal is
inhumane.
@ U -
Crisis support after 5pm and at weekends. That's when I need it.
@ S ~
Better step-down from crisis. People are discharged from the crisis team and there is nothing
between them and their next relapse.
@ S -
Mental health patients waiting days in our emergency department for a bed. It is unsafe for
them and for staff.
@ C - a=35+
When my son was in crisis the police were kinder and quicker than the mental health services.
That should never be the case.
@ UCPV ~
More crisis cafés and sanctuaries, in the market towns as well as Norwich.
@ U - once
I have thought about ending my life while waiting for an assessment. Nobody has called me back
and I don't know who else to tell.
@ U - once
some nights i dont want to be here anymore and the number they gave me just rings out. whats the
point
@ C -
Listen to carers. We know the person best and we are the ones left picking up the pieces when
they are sent home.
@ C -
Confidentiality is used as an excuse not to speak to families. I'm not asking for his secrets,
I'm asking whether he is safe.
@ C ~
Carers' assessments that lead to something. I have had three and nothing has changed.
@ C ~
Respite. Even one weekend a year would help. I haven't had a break in six years.
@ C - once
My wife was discharged at 9pm on a Friday with no medication and no follow-up, and I was told
nothing. I only found out because the hospital rang to ask if I could collect her.
@ C ~
Involve families in discharge planning, every time, unless the person says no.
@ UC - a=25-34/35-44/45-54
Young carers are forgotten completely. My 14 year old has been looking after me and her dad for
years and nobody has ever asked how she is.
@ C ~
Information for carers about the Mental Health Act, what a section means, our rights as nearest
relative. I had to look it all up online at 2am.
@ SV ~
Carers need their own support, not just a leaflet. When carers burn out the whole care plan
collapses.
@ C - a=45-54/55-64/65-74
I gave up my job to look after my son. Carer's Allowance is £83 a week – a joke – and nobody has
ever asked how I am coping.
@ UCP ~
More work on stigma. People still think mental illness means dangerous.
@ U -
Stigma from health staff themselves. As soon as A&E see ‘personality disorder’ on my notes I am
treated like an attention seeker.
@ U -
i get treated differently at work since they found out. i didnt tell them for years for a reason
@ P ~
Campaigns aimed at men, especially older men and farmers. They will not talk about it.
@ U ~
Staff training on how to talk to people who self-harm without making them feel like a nuisance.
@ PV ~
Tackling stigma in communities where mental illness is seen as shameful – we need people from
those communities doing the talking.
@ PSV ~
Much more focus on prevention. It is cheaper and kinder to help people before they reach crisis.
@ P ~
Support in schools and colleges so young people learn how to look after their mental health
before it goes wrong.
@ UCP ~
Help at the start. I asked for help for two years before anyone took me seriously, by then I
was in hospital.
@ SV ~
Invest in the things that keep people well – housing, debt advice, employment support, social
contact. That's where mental health starts.
@ P ~
Workplaces need to do more. My employer talks about wellbeing but keeps piling on the workload.
@ V ~
Fund community groups properly and for more than a year at a time. We spend half our time
chasing grants.
@ U -
Getting a GP appointment at all is impossible. 8am phone scrum and then told to call back
tomorrow.
@ U -
My GP just keeps upping my tablets. I wanted someone to talk to, not more medication.
@ S ~ a=25+
GPs need quicker access to specialist advice – a line where I can speak to a psychiatrist the
same day would prevent a lot of referrals.
@ S - a=25+
As a GP I'm holding patients with severe illness who I'm not trained or resourced to manage,
because secondary care won't take them.
@ U ~
The GP receptionist asked me why I needed an appointment in front of a full waiting room. There
needs to be a private way to ask.
@ S ~
Physical health checks for people with serious mental illness – we are nowhere near where we
should be.
@ U -
Every time I see a different GP. None of them know me.
@ * -
More staff. Simple as that.
@ * ~
Not enough funding, not enough trained staff.
@ S -
Caseloads are unmanageable. I have 48 people on my caseload and I cannot give any of them the
time they deserve.
@ S -
Stop relying on agency staff on the wards. Patients never see the same face twice.
@ S ~ a=25+
Recruitment and retention – rural areas need incentives. We've had a vacant consultant post for
two years.
@ U -
I've had five care coordinators in two years. Every time I start to trust someone they leave.
@ SV ~
Less paperwork and more time with people.
@ S -
Staff are burning out. Look after the workforce or there won't be one.
@ UCP -
Where has all the money gone? There's always money for managers and rebranding but never for
front line staff.
@ UC - a=35+
Out of area placements have to stop. My son was sent to a hospital 150 miles away and I could
only visit once a month.
@ C - once a=65-74
Mum was in a bed in Manchester for seven weeks. I'm 71 and don't drive. I saw her twice.
@ S ~
More community rehab and supported housing so people aren't stuck on wards when they're ready
to leave.
@ UCP ~
Use community services more – day centres, drop-ins, peer groups. Not everybody needs a
psychiatrist.
@ U -
Bring back the day centres. Since they closed I have nowhere to go during the day and I'm going
backwards.
@ S -
Delayed discharges because there's no suitable accommodation. We have patients ready to leave
who have been with us for months.
@ UC - WN
No bus from Hunstanton gets you to an appointment in King's Lynn before 10am, and then they
discharge you for not attending.
@ UC - NN
I live outside Holt, the nearest appointment was in Norwich and the return taxi cost me £48. I
can't afford that every week.
@ UCS - NOR
Parking at the hospital in Norwich is dreadful, I've missed appointments driving round and
round. And £3.50 an hour!
@ UCP ~
Pay travel costs up front. I can't wait four weeks for a refund when I'm on Universal Credit.
@ U -
Not everything should be online. I don't have a smartphone and I can't afford broadband. How am
I supposed to fill in an e-form or do a video call?
@ U ~
the app is confusing and keeps logging me out. older people wont manage it
@ S ~
Digital exclusion is real – a lot of our patients can't do video calls. Offer the choice, don't
make it the default.
@ U ~
Video appointments are fine for me, please keep them as an option. Travelling to appointments
makes my anxiety worse.
@ U - once GYW
I was discharged from hospital to a B&B in Great Yarmouth with people using drugs in the
corridor. I was back in crisis within a week.
@ SV ~
Housing is a mental health issue. We can't treat someone who is sofa surfing or about to be
evicted.
@ U -
I've been on the housing list for 3 years, living with mould on the walls, and honestly it's
killing me.
@ U -
PIP assessments are brutal. Going through one set me back months, and the mental health team
wouldn't write a supporting letter.
@ UV ~
Help with benefits forms should be part of mental health care. Money worries are half of why
people are ill.
@ U -
The jobcentre sanctions people who are too unwell to attend. Someone needs to talk to them.
@ U ~
Veterans need specialist support. Civilian services don't understand what we've been through
and the waiting list for the veterans' service is long too.
@ C ~ a=45+
My husband served 22 years in the army. He won't talk to anyone who hasn't been in the forces
and there's nothing local.
@ U - once
As a trans woman I was misgendered repeatedly on the ward and no one corrected it. I didn't feel
safe to be honest about anything after that.
@ UV ~
Training for staff on LGBTQ+ issues. I spent half of my therapy sessions educating my therapist.
@ U ~
Some kind of LGBT+ peer group outside Norwich. In rural Norfolk you can feel like the only gay
person for miles.
@ UCP ~ NN
Rural isolation. I live in a village with one bus a week and no shop. Loneliness is the real
problem out here.
@ P ~
Outreach for farmers and rural workers. Long hours, isolation, money worries and nobody to talk
to.
@ S ~ WN
Rural patients in West Norfolk are disadvantaged by distance – staff spend hours driving,
patients spend hours on buses.
@ SV ~
Interpreters. We still get appointments booked without one, or a family member is asked to
interpret, which is wholly inappropriate in mental health.
@ U ~
My English is not so good. Doctor speak fast and I not understand my medicine. I need
interpreter please, Polish.
@ V ~ GYW
For the Portuguese and Eastern European communities in Great Yarmouth there is almost nothing
in their own language. Translated leaflets are not enough.
@ U -
Autistic adults have nowhere to go. The autism assessment waiting list is years long and mental
health services don't adapt anything.
@ C ~ a=35+
Sensory friendly waiting areas. My son can't cope with bright lights and noise and ends up
leaving before he's seen.
@ C - a=35+
The jump from CAMHS to adult services at 18 is a cliff edge. My daughter went from weekly
support to nothing overnight.
@ U ~ a=18-24
Services for 18-25 year olds. I'm too old for the youth service and adult services feel like
they were designed for people my parents' age.
@ CP ~
Older people's mental health gets forgotten. Depression in later life isn't just part of
getting old.
@ U ~
My antipsychotics made me put on four stone and nobody offered any help with that.
@ U ~ NOR a=18-24
Better links with the university counselling service. I'm a student in Norwich and I was stuck
between them and my GP for months.
@ U ~ a=18-24/25-34/35-44
More support for mums after birth. I had postnatal depression and was scared to say anything in
case they took my baby.
@ * +
Not a lot honestly, just more of the same and keep it local.
@ U +
Keep doing what you're doing, my team have been great. Maybe shorter waits for the first
appointment.
@ S +
Build on what's working with the GP practice roles – roll them out everywhere.
@ V +
More of the partnership working we've seen this year, and longer contracts for the voluntary
sector.
@ U - once
Everything. I waited 11 months to be seen, then got a different person every time, then was
discharged because I missed one appointment when the bus didn't turn up. My GP didn't even know
I'd been discharged until I told him. Nobody talks to anybody.
@ C - once a=65-74
Where do I start. My son Jamie (31) has schizophrenia. In the last year: three A&E visits, one
admission to a bed in Essex, discharged to no fixed address, no care coordinator for 4 months. I
am 68, I have a heart condition and I am his only support. Carers are not listened to. I have
written to everyone. Please actually read this.
@ S ~
From a community nursing perspective: caseloads, IT that doesn't talk, and the lack of step-down
beds are the three things. Fix those and the rest would follow.
@ U ~
1. shorter waits\n2. a number that gets answered\n3. stop discharging people who are still
unwell\n4. parking
@ SV ~
Commissioning needs to stop being year by year. Short-term pilots that work get cut, then we
start again from scratch with a new name.
@ UC -
STOP CLOSING THINGS
@ U -
listen to patients!!!
@ UC -
Everything needs to change. It's a disgrace.
@ U -
This waiting list is killing me.
@ U -
answer the phone
@ S ~
Clear escalation routes when a patient on our waiting list deteriorates. At the moment it comes
down to whoever picks up the phone.
@ S ~
Let us share risk information with the police and housing without three weeks of back and
forth.
@ S -
Management listen to consultants and ignore band 5 nurses and support workers, who actually see
the patients every day.
@ S ~
Please involve staff in designing changes rather than announcing them. We've had four
restructures in six years.
@ S ~
Better support for staff after a patient suicide. We are expected to carry on as if nothing
happened.
@ S ~
Stop sending people 40 miles for a 30 minute appointment – hub clinics in the market towns would
reach far more people.
@ SV ~
A proper pathway for people with a personality disorder diagnosis. At present they are either
excluded or only seen in crisis.
@ V -
We take referrals from the NHS that are really secondary care level risk, with no extra funding
and no clinical back-up.
@ V ~
Proper data sharing agreements so we can find out whether the people we refer are ever actually
seen.
@ V ~
Include the voluntary sector in the single point of access so people can be directed to us
straight away instead of waiting for an NHS assessment first.
@ U ~
More talking therapies that aren't just six sessions of CBT. Some of us need longer than that.
@ U -
Psychiatrists who look at you, not the computer screen.
@ UC ~
Write things down. After every appointment I want a letter saying what was agreed, in plain
English.
@ P ~
Better advertising of what exists. I only found out about the wellbeing service from a poster in
a pub toilet.
@ S ~
Protected time for staff training. Mandatory e-learning at midnight is not training.
@ U -
I was sectioned last year and the transport to hospital was a police van. Humiliating. I wasn't
a criminal, I was ill.
@ U ~
Trauma-informed care. I have PTSD from childhood abuse and every new assessment makes me relive
it.
@ UC ~
Dual diagnosis services that don't insist you stop drinking before they'll help with the
reasons you drink.
"""

ANYTHING_ELSE = r"""
@ * +
Thank you for asking.
@ * +
Thanks for doing this survey, I hope something comes of it.
@ UCP -
I've filled in surveys like this before and nothing changed. Prove me wrong.
@ * ~
no
@ * ~
Nothing else.
@ UC ~
Please make sure the results are published, in plain English.
@ U + once
I want to say thank you to nurse Bethany on the ward, she saved my life. I mean that.
@ U - once
I've started self-harming again since I was discharged in August. I haven't told anyone, I
suppose I'm telling you.
@ U - once
I have tablets saved up in case it all gets too much. I'm only writing this because nobody ever
asks.
@ U - once
I feel hopeless most days and I can't see the point in anything anymore.
@ U ~ once
If anyone wants to talk to me about my experience I'm happy to help, my number is 07700 900123.
@ C ~ once
Happy to be contacted about the carers group – email me on sam.turner@example.org
@ U ~ once NOR
You can write to me at 12 Fictional Road, Norwich NR1 9ZZ if you want more detail.
@ U - once
Dr Patel-Hughes at the community team told me I was ‘just’ anxious and to try yoga. I have a
diagnosis of bipolar disorder.
@ S ~ a=45+
I've worked in mental health for 20 years and I've never seen it this stretched.
@ S - once
Two of my patients have died by suicide while on our waiting list this year. I think about them
every day.
@ S ~
Please don't let this become another consultation that ends in a glossy document.
@ V ~
We would welcome a conversation about how the voluntary sector can be part of the solution.
@ C +
Thank you to the staff who do their best. I know it isn't them, it's the system.
@ U ~
I'm a veteran and I'd like to see more about us in the strategy.
@ U ~
Please don't get rid of phone appointments. They are the only thing that works for me.
@ P ~
Mental health should be taught in every school.
@ U -
the survey was too long and i nearly gave up
@ UCP ~
Why isn't this survey available in other languages?
@ U ~
I have a learning disability and my support worker helped me fill this in.
@ UC ~
Please think about people who can't use computers. My mum would never have done this online.
@ U ~ once WN
I've given my postcode (PE30 9ZZ) so you can see how far I am from anything.
@ C + once a=35+
My daughter Chloe is doing much better now thanks to the early intervention team. Please don't
cut it.
@ U -
I'm writing this at 3am because I can't sleep. That probably tells you everything.
@ U ~
It's not just the NHS. The council, the DWP, housing – it all adds up.
@ U ~
Please think about deaf people – I need a BSL interpreter and you can never get one for a mental
health appointment.
@ U ~
As a Muslim woman I'd like to be able to see a female clinician, and I was told that wasn't
possible.
@ U ~
I'm non-binary and your forms only have male or female.
@ U ~
Sorry for the rant.
@ UC -
Parking again – please sort it out. The blue badge spaces are always full.
@ C ~ once a=75+
I'm 82 and I care for my wife who has dementia and depression. I am very tired.
@ U ~
My GP surgery is great but they have nobody to refer me on to.
@ V - once
The council cut the funding for our group last year and three of our members have since been
admitted to hospital.
@ U -
Why do we have to wait until we're at rock bottom?
@ UCV ~
Please include people with lived experience in deciding what happens next, and pay them for
their time.
@ U +
keep the crisis cafe open!!!
@ P ~
Good luck, you'll need it.
@ UP ~ NN
As a farmer I'd never have asked for help if my wife hadn't made the call for me.
@ * ~
Would be good to get feedback on what you did with all this.
@ U -
I've been waiting so long I've forgotten what I was referred for.
@ U ~
I'm a carer and a service user myself, the form doesn't let me tick both.
@ S ~ a=18-24/25-34
I'm a student nurse and some of what I've seen on placement really worries me.
@ S ~
Read the staff survey alongside this one. It tells the same story.
@ P ~
More men need to talk. I wish my dad had.
@ S ~ a=35+
I have worked in the NHS for 15 years and used services myself. Both sides are exhausting.
@ UCP -
We moved here from London three years ago and the difference in what's available is shocking.
@ U +
The Easy Read version was good, thank you.
@ P ~
The link in the email didn't work on my phone the first time.
@ U - once
I called 07700 900456 from the leaflet and it was a wrong number.
@ U + once
Karen on reception at my surgery always makes time for me. Please tell her.
@ U ~ once a=35-44
I've had to move back in with my mum because I can't cope on my own. I'm 42.
@ UCV ~
Gambling is a massive issue and nobody ever asks about it.
@ * ~
Covid made everything worse and services never really recovered.
@ C + once a=35+
My son's social worker, Mr Adeyemi, was the only one who ever visited at home. He made a real
difference.
@ P +
I think the NHS does a great job with what it has. Stop running it down.
@ U ~
More funding for talking therapies instead of tablets.
@ U ~
Please reply to me, I would like to know what happens.
@ C ~ once
Contact me on 01632 960372 after 6pm if you want to hear a carer's side.
@ P ~
I work nights so please keep the survey open longer.
@ U - once
Some days I think everyone would be better off without me.
@ UCP ~
Drug and alcohol use is often self-medication. Treat the cause.
@ V ~
Our volunteers are holding more and more risk and we worry about them.
@ S ~
The strategy from a few years ago said all the right things. What happened?
@ U ~
My husband (my carer when I'm unwell) has had his own health suffer badly.
@ U ~ GYW
Lowestoft always seems to be an afterthought, whether it's Norfolk or Suffolk deciding.
@ U + SN
The nurse at the surgery in Diss has been brilliant, I'd like that on record.
@ UC ~
The paperwork carers have to fill in is endless. Same questions on every form.
@ * ~
Please make the next survey shorter.
@ P -
I'm fed up of seeing people in obvious distress in the city centre with nobody helping them.
@ S ~
Some of us in primary care would love to be more involved in designing this. Ask us.
"""

LONG_ANSWER = (
    "I want to explain what the last three years have been like, because I don't think the tick "
    "boxes really show it. In 2023 I started having panic attacks at work. I went to my GP, who "
    "was kind, and she gave me sertraline and the number for the wellbeing service. I "
    "self-referred and waited about ten weeks for a telephone assessment. I was offered a six "
    "week online course which I did, and it helped a bit, but by then things had got a lot worse. "
    "I stopped sleeping, I was off work, and I started having thoughts that frightened me.\n\n"
    "I went back to the GP (a different one, I never see the same one twice) and was referred to "
    "the community mental health team. The letter said the wait was ‘up to 16 weeks’. It was "
    "nearly seven months. In that time I rang the single point of access more times than I can "
    "count, and every time I had to explain everything from the beginning. Once I was told my "
    "referral had been “closed” because I hadn't answered a call from a withheld number – I was "
    "in the shower. Nobody wrote to tell me.\n\n"
    "In the end I had a crisis one Sunday night and my partner drove me to A&E. We waited eleven "
    "hours. The staff in A&E were kind but they obviously didn't know what to do with me and "
    "there was no quiet room. The liaison nurse was lovely and she was the first person who asked "
    "what I actually wanted. I was seen by the crisis team the next day and they visited every "
    "day for a fortnight, which honestly was the best care I have had. Then it stopped. I got a "
    "phone call to say I was being discharged back to my GP and that was it. No plan, no "
    "follow-up, nothing in writing.\n\n"
    "My partner has been amazing but nobody has ever asked him how he is or given him any "
    "information. He had to take unpaid leave. We nearly lost the house because my sick pay ran "
    "out and the Universal Credit claim took weeks, and the PIP form is forty pages long. The "
    "money worries made everything worse, and the £9 a day parking at the hospital while he "
    "visited didn't help either.\n\n"
    "What would have helped? Someone to call who knew my story. One plan that everybody could "
    "see, so the GP, the crisis team and the community team weren't all starting again. Help at "
    "the beginning, when I was only having panic attacks and was still working – I'm sure I "
    "wouldn't have got so ill. Support for my partner. And somewhere to go on a Sunday night "
    "that wasn't A&E.\n\n"
    "I'm doing better now. I have a care coordinator who is very good and I'm back at work part "
    "time. I don't want this to sound like I'm blaming the staff – nearly everyone I met was "
    "trying their best. But the system around them is broken and people like me fall through "
    "the gaps. Please actually do something with what people are telling you. Thank you for "
    "reading this far.\n\n"
    "P.S. I filled in the Easy Read version for my neighbour as well, she couldn't manage the "
    "online one. She has no internet and no one to ask, and she's the kind of person who falls "
    "through every crack going."
)

# Paper-only answers (transcribed by a volunteer): (field, voices, text). Each used once.
PAPER_ONLY = [
    ("ww", "U", "The nurses were lovely 🙂"),
    ("ww", "UCP", "Nothing!! 👎"),
    ("ae", "UCP", "Thank you 🙏"),
    ("nc", "UCP", "[illegible] waiting list far too long"),
    ("nc", "UC", "Need more help in Thetford (see over)"),
    ("ae", "U", "(respondent drew a sad face)"),
    ("ae", "UCP", "I don't use the internet so I'm glad there was a paper one."),
    ("ae", "U", "My daughter wrote this for me as my hands shake."),
    ("nc", "UCP", "Too many forms. This is another one."),
    ("nc", "U", "Waiting list for counselling 9 months – I am 79 and might not be here by then!"),
    ("nc", "U", "Bring back the day centre at [name removed]"),
    ("ww", "U", "Good: my CPN Julie. Bad: everything else."),
    ("ae", "U", "Please ring me on 07700 900789 I would like to come to a meeting."),
    ("ww", "S", "Team spirit ❤️ despite everything"),
    ("nc", "C", "More help for carers!!! We are exhausted 😩"),
    ("nc", "SV", "Transport to appointments for people in villages – see comments on back page"),
    ("ae", "UCP", "Sorry about my handwriting."),
    ("ww", "V", "Coffee mornings at our church hall – people come who would never go to the GP."),
    ("nc", "U", "A bus that goes to the hospital. Theres one a day from my village."),
    ("ww", "C", "The ward doctor explained things to me in plain English, first time ever."),
]

TYPOS = {
    "definitely": "definately",
    "receive": "recieve",
    "separate": "seperate",
    "a lot": "alot",
    "don't": "dont",
    "can't": "cant",
    "until": "untill",
    "appointment": "appointmnet",
    "because": "becuase",
    "which": "wich",
    "really": "realy",
    "I'm": "im",
    "it's": "its",
    "there's": "theres",
    "doesn't": "doesnt",
    "won't": "wont",
    "isn't": "isnt",
    "their": "thier",
    "people": "poeple",
    "waiting": "wating",
}
PREFIXES = {
    "ww": ["For me, ", "I'd say ", "Honestly, "],
    "nc": ["Basically ", "Most of all, ", "Simple – ", "Top priority: "],
    "ae": ["Just to add, ", "Also – ", "One more thing: "],
}

VOICE_MIX = {"U": 100, "C": 60, "P": 38, "S": 82, "V": 40}
LOCALITY_WEIGHTS = {"NOR": 25, "NN": 14, "SN": 15, "WN": 17, "GYW": 23, "PNS": 6}
AGE_WEIGHTS = {
    "U": [12, 20, 20, 19, 15, 9, 5],
    "C": [3, 8, 15, 22, 25, 17, 10],
    "P": [8, 14, 18, 18, 18, 15, 9],
    "S": [4, 22, 27, 25, 19, 3, 0],
    "V": [5, 18, 20, 20, 22, 12, 3],
}
SAT_WEIGHTS = {
    "U": [3, 9, 10, 36, 42],
    "C": [2, 7, 9, 35, 47],
    "P": [3, 10, 25, 37, 25],
    "S": [2, 12, 20, 40, 26],
    "V": [2, 9, 17, 42, 30],
}
KNOW_WEIGHTS = {"U": [50, 32, 18], "C": [40, 40, 20], "P": [25, 50, 25], "S": [85, 5, 10],
                "V": [75, 8, 17]}
LOCAL_WEIGHTS = [22, 60, 18]
# Allowed tones per satisfaction answer, for each free-text field.
TONES = {
    "ww": {"Very satisfied": "+", "Satisfied": "+~", "Neither": "+~-", "Dissatisfied": "+~-",
           "Very dissatisfied": "-~"},
    "nc": {"Very satisfied": "+~", "Satisfied": "~+", "Neither": "~-", "Dissatisfied": "~-",
           "Very dissatisfied": "-~"},
    "ae": {"Very satisfied": "+~", "Satisfied": "+~", "Neither": "~+-", "Dissatisfied": "~-+",
           "Very dissatisfied": "-~"},
}
BLANK_CHANCE = {"ww": 0.12, "nc": 0.05, "ae": 0.58}


@dataclass(frozen=True)
class Comment:
    """One hand-written answer and who could plausibly have written it."""

    text: str
    voices: str
    tone: str
    loc: str | None
    ages: tuple[str, ...]
    once: bool


@dataclass
class Respondent:
    """Closed answers for one respondent (free text chosen afterwards)."""

    voice: str
    loc: str
    age: str
    sat: str


def parse_bank(raw: str) -> list[Comment]:
    """Parse a comment bank written in the header/continuation format above."""
    entries: list[Comment] = []
    header: list[str] | None = None
    lines: list[str] = []

    def flush() -> None:
        if header is None:
            return
        voices = "UCPSV" if header[0] == "*" else header[0]
        loc = next((t for t in header[2:] if t in LOCALITIES), None)
        ages: tuple[str, ...] = ()
        for tok in header[2:]:
            if tok.startswith("a=") and tok.endswith("+") and tok != "a=75+":
                ages = tuple(AGES[[a[:2] for a in AGES].index(tok[2:4]):])
            elif tok.startswith("a="):
                ages = tuple(tok[2:].split("/"))
        text = " ".join(lines).replace("\\n", "\n").replace(" \n", "\n").replace("\n ", "\n")
        entries.append(Comment(text, voices, header[1], loc, ages, "once" in header[2:]))

    for line in raw.strip().splitlines():
        if line.startswith("@ "):
            flush()
            header, lines = line[2:].split(), []
        elif line.strip():
            lines.append(line.strip())
    flush()
    return entries


class Picker:
    """Chooses comments that fit a respondent, spreading use across the bank."""

    def __init__(self, bank: list[Comment], field: str, rng: random.Random) -> None:
        self.bank = bank
        self.field = field
        self.rng = rng
        self.uses = [0] * len(bank)
        self.rendered: dict[int, set[str]] = {}

    def _fits(self, i: int, r: Respondent, tones: str) -> bool:
        c = self.bank[i]
        return (
            r.voice in c.voices
            and c.tone in tones
            and (c.loc is None or c.loc == r.loc)
            and (not c.ages or r.age in c.ages)
            and not (c.once and self.uses[i])
        )

    def pick(self, r: Respondent, exclude: int | None = None) -> tuple[int, str] | None:
        """Return (bank index, rendered text) for a fitting comment, or None."""
        tones = TONES[self.field][r.sat]
        cands = [i for i in range(len(self.bank)) if i != exclude and self._fits(i, r, tones)]
        if not cands:
            return None

        def key(i: int) -> tuple[int, int]:
            c = self.bank[i]
            return (self.uses[i], 0 if (c.loc or c.ages or c.once) else 1)

        best = min(key(i) for i in cands)
        i = self.rng.choice([i for i in cands if key(i) == best])
        text = self.render(i, self.uses[i])
        self.uses[i] += 1
        return i, text

    def render(self, i: int, use: int) -> str:
        """Vary re-used generic comments the way different people type the same idea."""
        text = self.bank[i].text
        if use == 0 or self.bank[i].once:
            return text
        variants = [casual(text), typo(text), first_sentence(text), casual(typo(text))]
        if prefix_fits(text):
            prefix = PREFIXES[self.field][(i + use) % len(PREFIXES[self.field])]
            variants.append(prefix + lower_first(text))
        variants.append(casual(first_sentence(typo(text))))
        seen = self.rendered.setdefault(i, {text})
        for k in range(len(variants)):
            candidate = variants[(use - 1 + k) % len(variants)]
            if candidate not in seen:
                break
        seen.add(candidate)
        return candidate


def first_sentence(text: str) -> str:
    """Only the first sentence, as people often write a shorter version of the same point."""
    match = re.match(r"(.+?[.!?])\s+[A-Z]", text)
    return match.group(1) if match and "\n" not in text else text


def prefix_fits(text: str) -> bool:
    """Whether a lead-in like 'For me, ' reads naturally before this text."""
    starts = ("Honestly", "Nothing", "nothing", "Not ", "N/A", "Can", "Hard", "Very little", "I ",
              "I'", "1.", "-", "no", "STOP", "Everything", "Where", "Why", "As ", "as ")
    return "\n" not in text and len(text) > 12 and not text.startswith(starts)


def lower_first(text: str) -> str:
    """Lower-case the first letter unless it starts a shouted word or the pronoun I."""
    if text[:2].isupper() or re.match(r"I\b", text):
        return text
    return text[0].lower() + text[1:]


def casual(text: str) -> str:
    """Lower-case, straight quotes, no closing full stop."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return text.lower().rstrip(".")


def typo(text: str) -> str:
    """Introduce a couple of the common misspellings in TYPOS."""
    text = text.replace("’", "'")
    made = 0
    for right, wrong in TYPOS.items():
        text, n = re.subn(rf"\b{re.escape(right)}\b", wrong, text)
        made += n
        if made >= 2:
            break
    return text


def weighted(rng: random.Random, options: list[str], weights: list[int]) -> str:
    """One weighted choice."""
    return rng.choices(options, weights=weights, k=1)[0]


def make_respondents(rng: random.Random, mix: dict[str, int]) -> list[Respondent]:
    """Closed answers for a shuffled group mix."""
    voices = [v for v, n in mix.items() for _ in range(n)]
    rng.shuffle(voices)
    people = []
    for v in voices:
        loc = weighted(rng, list(LOCALITY_WEIGHTS), list(LOCALITY_WEIGHTS.values()))
        people.append(Respondent(v, loc, weighted(rng, AGES, AGE_WEIGHTS[v]),
                                 weighted(rng, SATISFACTION, SAT_WEIGHTS[v])))
    return people


def random_dates(rng: random.Random, n: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """n sorted dates between start and end inclusive."""
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def free_text(pickers: dict[str, Picker], r: Respondent, rng: random.Random,
              fixed: dict[str, str] | None = None) -> dict[str, str]:
    """Pick the three free-text answers for one respondent (fields in fixed are given)."""
    out: dict[str, str] = {}
    for field, picker in pickers.items():
        if fixed and field in fixed:
            out[field] = fixed[field]
            continue
        if rng.random() < BLANK_CHANCE[field]:
            out[field] = ""
            continue
        got = picker.pick(r)
        text = got[1] if got else ""
        if field == "nc" and got and len(text) < 140 and rng.random() < 0.2:
            second = picker.pick(r, exclude=got[0])
            if second and second[1] != text:
                sep = " " if text.endswith(("!", "?", ".")) else ". "
                joiner = rng.choice([sep, sep + "Also ", "\n"])
                nxt = second[1]
                for prefix in PREFIXES[field]:
                    nxt = nxt.removeprefix(prefix)
                if joiner.endswith("Also "):
                    nxt = lower_first(nxt)
                text = text + joiner + nxt
        out[field] = text
    if not any(out.values()):
        got = pickers["nc"].pick(r)
        out["nc"] = got[1] if got else "Shorter waiting times."
    return out


def build_online(rng: random.Random, banks: dict[str, list[Comment]]) -> tuple[bytes, dict]:
    """The online survey export: Windows-1252 CSV with CRLF, as Excel saves it."""
    n = sum(VOICE_MIX.values())
    people = make_respondents(rng, VOICE_MIX)
    dates = random_dates(rng, n, dt.date(2026, 9, 1), dt.date(2026, 11, 30))
    pickers = {f: Picker(banks[f], f, rng) for f in ("ww", "nc", "ae")}
    long_idx, bad_idx = 87, 156
    people[long_idx] = Respondent("U", "SN", "35-44", "Dissatisfied")
    blank_idx = sorted(rng.sample([i for i in range(n) if i not in (long_idx, bad_idx)], 4))
    rows: list[list[str] | str] = []
    for i, r in enumerate(people):
        rid = f"R{i + 1:04d}"
        know = weighted(rng, YES_NO, KNOW_WEIGHTS[r.voice])
        local = weighted(rng, YES_NO, LOCAL_WEIGHTS)
        closed = [rid, dates[i].isoformat(), ROLES[r.voice], LOCALITIES[r.loc], r.age, r.sat,
                  know, local]
        if i == bad_idx:
            # Deliberately malformed: an unquoted comma gives this line one field too many.
            closed[2:6] = [ROLES["S"], LOCALITIES["WN"], "45-54", "Dissatisfied"]
            rows.append(",".join(closed + ["Team spirit", "More staff, less paperwork", ""]))
            continue
        if i in blank_idx:
            texts = {"ww": "", "nc": "", "ae": ""}
        else:
            texts = free_text(pickers, r, rng, {"ae": LONG_ANSWER} if i == long_idx else None)
        rows.append(closed + [texts["ww"], texts["nc"], texts["ae"]])
    # Double export: three rows appear twice, one straight after itself and two at the end.
    eligible = [i for i in range(n) if i not in blank_idx and i not in (long_idx, bad_idx)]
    dup = sorted(rng.sample(eligible, 3))
    rows.append(rows[dup[1]])
    rows.append(rows[dup[2]])
    rows.insert(dup[0] + 1, rows[dup[0]])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if isinstance(row, str):
            buf.write(row + "\r\n")
        else:
            writer.writerow(row)
    data = buf.getvalue().encode("cp1252")
    record_of = {i: i + 1 + (1 if i > dup[0] else 0) for i in range(n)}
    info = {
        "records": len(rows),
        "unique_ids": n,
        "bad_record": record_of[bad_idx],
        "blank_records": [record_of[i] for i in blank_idx],
        "long_record": record_of[long_idx],
        "duplicate_ids": [f"R{i + 1:04d}" for i in dup],
        "duplicate_records": [record_of[dup[0]] + 1, len(rows) - 1, len(rows)],
        "pickers": pickers,
        "unused": {f: sum(1 for u in p.uses if u == 0) for f, p in pickers.items()},
    }
    return data, info


def save_xlsx(path: Path, sheet: str, header: list[str], rows: Iterable[list]) -> None:
    """Write one sheet with openpyxl, then make the archive reproducible."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for idx, name in enumerate(header, start=1):
        letter = ws.cell(row=1, column=idx).column_letter
        ws.column_dimensions[letter].width = 45 if name.endswith("?") and idx > 4 else 18
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and len(cell.value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.creator = "Engagement team (fictional sample)"
    wb.properties.created = FIXED_TIME
    wb.save(path)
    normalise_zip(path)


def normalise_zip(path: Path) -> None:
    """Rewrite an Office zip with fixed timestamps so re-runs are byte-identical."""
    with zipfile.ZipFile(path) as src:
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    buf = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                              data)
            info = zipfile.ZipInfo(name, date_time=FIXED_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())


def build_paper(rng: random.Random, pickers: dict[str, Picker]) -> list[list]:
    """Typed-up paper survey rows (dates as real Excel dates); pickers carry on from online."""
    mix = {"U": 15, "C": 8, "P": 6, "S": 7, "V": 4}
    people = make_respondents(rng, mix)
    dates = random_dates(rng, len(people), dt.date(2026, 9, 8), dt.date(2026, 11, 27))
    fixed: list[dict[str, str]] = [{} for _ in people]
    for field, voices, text in PAPER_ONLY:
        fits = [i for i, r in enumerate(people) if r.voice in voices and field not in fixed[i]]
        i = rng.choice(fits)
        fixed[i][field] = text
        if "I am 79" in text:
            people[i].age = "75+"
    texts = [free_text(pickers, r, rng, fixed[i]) for i, r in enumerate(people)]
    rows = []
    for i, r in enumerate(people):
        sat: str | None = None if i == 17 else r.sat  # row 18: box not ticked on the form
        rows.append([f"P{i + 1:03d}", dates[i], ROLES[r.voice], LOCALITIES[r.loc], r.age, sat,
                     weighted(rng, YES_NO, KNOW_WEIGHTS[r.voice]),
                     weighted(rng, YES_NO, LOCAL_WEIGHTS),
                     *[texts[i][f] or None for f in ("ww", "nc", "ae")]])
    return rows


EASY_READ = [
    ("I use mental health services", "Norwich", "Unhappy", "Not sure",
     "The nurse was kind to me.", "The waiting is too long. I felt scared.",
     "Someone to ring me every week.", "A support worker or advocate"),
    ("I look after someone (carer)", "West Norfolk", "Very unhappy", "No",
     "Nothing.", "Nobody tells me what is happening to my brother.",
     "Talk to me. Tell me the plan.", "Nobody - I did it myself"),
    ("I use mental health services", "Great Yarmouth and Waveney", "OK", "Yes",
     "I like the group on Monday. I have friends there.",
     "The bus is hard. It costs a lot of money.", "Help nearer my house.",
     "A family member or carer"),
    ("I use mental health services", "North Norfolk", "Very unhappy", "No",
     "", "Sometimes I want to hurt myself. I asked for help and nobody came.",
     "Help quick when I ask.", "A support worker or advocate"),
    ("I use mental health services", "South Norfolk", "Happy", "Yes",
     "My doctor listens to me. She is nice.", "The letters are hard to read.",
     "Easy Read letters please.", "Nobody - I did it myself"),
    ("I am a member of the public", "I do not want to say", "OK", "Not sure",
     "People talk about it more now.", "I do not know where to go.",
     "One phone number for help.", "Someone else"),
    ("I use mental health services", "Norwich", "Unhappy", "Yes",
     "The crisis café is good. It is open at night.",
     "Too many different people. I have to tell my story again and again.",
     "The same person every time.", "A support worker or advocate"),
    ("I use mental health services", "West Norfolk", "Unhappy", "Not sure",
     "", "", "", "Someone else"),
    ("I work in health or care", "Great Yarmouth and Waveney", "Unhappy", "Yes",
     "Our team work well together.", "Not enough staff. People wait a long time.",
     "More staff. Easy Read letters for everyone.", "Nobody - I did it myself"),
    ("I work for a charity or group", "Norwich", "OK", "Yes",
     "People like our coffee mornings.", "Some people can not use computers.",
     "Paper forms and phone calls, not only the internet.", "Nobody - I did it myself"),
    ("I use mental health services", "South Norfolk", "Very happy", "Yes",
     "My support worker Dan helps me a lot. 🙂", "Nothing is bad right now.",
     "Keep my support worker.", "A family member or carer"),
    ("I look after someone (carer)", "North Norfolk", "Unhappy", "No",
     "The carers group. We have tea and talk.", "Mum is in a hospital far away. I can not visit.",
     "Hospital near home. Help for carers.", "Nobody - I did it myself"),
]


def build_easy_read(rng: random.Random) -> list[list]:
    """The 12 typed-up Easy Read forms."""
    dates = random_dates(rng, len(EASY_READ), dt.date(2026, 9, 10), dt.date(2026, 11, 20))
    return [[f"ER-{i + 1:02d}", dates[i], *form[:4], *[v or None for v in form[4:7]], form[7]]
            for i, form in enumerate(EASY_READ)]


def front_matter(event: str, date: str, place: str, audience: str, locality: str) -> str:
    """The --- delimited block at the top of text event notes."""
    return (f"---\nevent: {event}\ndate: {date}\nplace: {place}\naudience: {audience}\n"
            f"locality: {locality}\n---\n")


KINGS_LYNN = {
    "Workshop one: what is working?": [
        "The community team in King's Lynn has improved a lot in the last year – you can get "
        "hold of someone now.",
        "Talking therapies by phone mean I don't have to take a whole day off to travel.",
        "The peer support group at the library is the best thing I've found, and it's free.",
        "Social prescriber at our surgery linked me up with a walking group and a debt adviser.",
        "Staff on the ward at the hospital were kind, even when they were clearly run off their "
        "feet.",
    ],
    "What needs to change?": [
        "Buses. From Hunstanton or Downham Market you can't get to a morning appointment and "
        "back the same day without a taxi.",
        "A carer said she has never been told what her husband's care plan is, in nine years.",
        "Waiting 40 weeks for a psychology appointment – people gave up and went private if they "
        "could afford it, and most can't.",
        "Crisis line rang out when one man called on a Saturday night. He said he had been "
        "thinking about ending his life at the time.",
        "Staff keep changing. Everyone on my table had had at least three different workers in "
        "two years.",
        "A farmer's wife said men in farming won't go near a GP for their mental health – help "
        "has to come to them, at the market or the feed merchant.",
        "Interpreters for the Eastern European community are booked late or not at all.",
    ],
    "What should future support look like?": [
        "A hub in King's Lynn where you can walk in without an appointment, open in the evening.",
        "One named person who knows you and stays with you through the whole system.",
        "Carers invited to care planning as a matter of course, with the person's agreement.",
        "Outreach clinics in the market towns rather than everyone driving to King's Lynn or "
        "Norwich.",
        "Paying for people's travel on the day, not weeks later.",
    ],
}

LOWESTOFT = {
    "Workshop one: what is working?": [
        "The crisis team were quick and kind when my son was unwell in the summer.",
        "Drop-in at the seafront community centre – no forms, just turn up.",
        "GP practice mental health worker in Beccles: seen within a week.",
        "The recovery college has run courses in Lowestoft for the first time and they were "
        "full.",
        "A voluntary sector worker said joint meetings with the community team have improved "
        "referrals both ways.",
    ],
    "What needs to change?": [
        "Waveney keeps falling between Norfolk and Suffolk – nobody knows whose patient you are.",
        "Information is all online. Older people and people without smartphones are shut out.",
        "A woman said she had to repeat her story of abuse to five different assessors.",
        "Beds are miles away. One carer had to travel to a hospital in Essex by three trains.",
        "Staff said caseloads are so high they can't do the preventative work they trained for.",
        "Fishermen and offshore workers away for weeks can't keep weekly appointments – "
        "services need to flex.",
        "People with autism get bounced between the autism service and mental health.",
        "Someone said ‘the waiting list is killing people’ and the room agreed.",
        "A young man said he was still having thoughts of suicide and did not know who to call "
        "tonight – facilitator stayed with him after the session and gave him crisis numbers.",
    ],
    "What should future support look like?": [
        "A crisis café in Lowestoft open evenings and weekends, not only in Norwich.",
        "Shared records so the GP, hospital and mental health team see the same information.",
        "More peer support workers with lived experience, properly paid.",
        "Support for carers in their own right – respite, training, someone to call.",
    ],
}

NORWICH_FORUM = [
    ("What is working well:", [
        "Several members said the evening crisis café is the one service they trust, because "
        "it's open when they need it and nobody rushes them.",
        "One member praised their care coordinator for phoning after every missed appointment "
        "rather than discharging them.",
        "The recovery college was mentioned by four people, especially the courses co-delivered "
        "by people with lived experience.",
        "People liked being able to choose phone, video or face to face.",
    ]),
    ("WHAT NEEDS TO CHANGE", [
        "The biggest issue raised was waiting: members described waits of six to fourteen months "
        "for psychological therapy, with no contact during the wait.",
        "Members described feeling “lost in the system” after discharge from the crisis team – "
        "no follow-up, no plan, back to a GP who didn't know they'd been under the crisis team.",
        "A member said staff in A&E treated them as a time-waster because of a personality "
        "disorder diagnosis.",
        "Housing came up repeatedly: people discharged to temporary accommodation relapse "
        "quickly.",
        "Several people said benefits assessments (PIP and Universal Credit work capability) "
        "cause more harm than anything else in their lives.",
        "LGBTQ+ members said they don't feel safe on mixed wards and want staff training.",
        "A member who is a veteran said civilian services don't understand military trauma.",
    ]),
    ("Future support:", [
        "A single number, answered 24 hours a day by someone who can actually book you in.",
        "Peer support in every team, not just as a pilot.",
        "Plain English letters after every appointment saying what was agreed.",
        "The forum asked to see what happens to today's notes, and to be invited back in six "
        "months to check progress.",
    ]),
]

GREAT_YARMOUTH = {
    "What is working well": [
        "The carers' support group at the community centre – “the only place I don't have to "
        "pretend”.",
        "One carer said the family liaison worker on the ward rang her every day during her "
        "daughter's admission.",
        "Carers' assessment led to a short break grant for two members.",
        "The early intervention team include families in planning.",
    ],
    "What needs to change": [
        "Confidentiality is used as a reason to tell carers nothing, even when they are the "
        "only support.",
        "Discharges at night or on Fridays without telling the family.",
        "Carers are not told about nearest relative rights under the Mental Health Act.",
        "Out of area placements: one carer in her seventies could not visit her son at all.",
        "Young carers are invisible – nobody asks the children in the house how they are coping.",
        "Carers are exhausted and some are unwell themselves – one said she had thought about "
        "just walking into the sea, and was supported by the facilitator after the meeting.",
        "Benefits and money worries: Carer's Allowance is too low and the forms are too long.",
    ],
    "What would make things better": [
        "A named contact for every carer, who will ring back.",
        "Carers invited to discharge planning meetings as standard.",
        "Regular respite, planned in advance, not only in emergencies.",
        "Information packs for carers in plain English and in Portuguese, Polish and Lithuanian.",
    ],
}


def markdown_event(meta: tuple[str, str, str, str, str], title: str, intro: str,
                   sections: dict[str, list[str]]) -> str:
    """Markdown event notes: front matter, headings and one bullet per person."""
    parts = [front_matter(*meta), f"\n# {title}\n\n{intro}\n"]
    for heading, points in sections.items():
        parts.append(f"\n## {heading}\n\n" + "".join(f"- {p}\n" for p in points))
    return "".join(parts)


def write_events(out: Path) -> dict[str, int]:
    """Write the four event notes; return points per file."""
    ev = out / "events"
    ev.mkdir(exist_ok=True)
    counts = {}
    kl_meta = ("Public listening event - King's Lynn", "2026-09-22",
               "Town centre community hall, King's Lynn",
               "Service users, carers and members of the public", "West Norfolk")
    (ev / "kings-lynn-public-event.md").write_text(markdown_event(
        kl_meta, "Adult mental health listening exercise 2026 - King's Lynn public event",
        "About 45 people came. Table facilitators noted each point as it was made; one bullet "
        "is one person's point.", KINGS_LYNN), encoding="utf-8", newline="\n")
    counts["kings-lynn-public-event.md"] = sum(len(v) for v in KINGS_LYNN.values())
    lo_meta = ("Public listening event - Lowestoft", "2026-10-06",
               "Seafront community centre, Lowestoft",
               "Service users, carers and members of the public", "Great Yarmouth and Waveney")
    (ev / "lowestoft-public-event.md").write_text(markdown_event(
        lo_meta, "Adult mental health listening exercise 2026 - Lowestoft public event",
        "About 38 people came, including staff from local charities. One bullet is one "
        "person's point.", LOWESTOFT), encoding="utf-8", newline="\n")
    counts["lowestoft-public-event.md"] = sum(len(v) for v in LOWESTOFT.values())

    text = [front_matter("Service user forum - Norwich", "2026-09-15",
                         "Meeting room, city centre library, Norwich",
                         "People who use mental health services", "Norwich"),
            "\nNORWICH SERVICE USER FORUM - NOTES\n\n"
            "Fourteen forum members took part. Notes agreed with members at the end of the "
            "session.\n"]
    for heading, points in NORWICH_FORUM:
        text.append(f"\n{heading}\n\n" + "\n\n".join(points) + "\n")
    (ev / "norwich-user-forum.txt").write_text("".join(text), encoding="utf-8", newline="\n")
    counts["norwich-user-forum.txt"] = sum(len(p) for _, p in NORWICH_FORUM)

    write_docx(ev / "great-yarmouth-carers-forum.docx")
    counts["great-yarmouth-carers-forum.docx"] = sum(len(v) for v in GREAT_YARMOUTH.values())
    return counts


def write_docx(path: Path) -> None:
    """Carers' forum notes as a Word document with key: value lines and styled headings."""
    from docx import Document

    doc = Document()
    for line in ("Event: Carers forum - Great Yarmouth", "Date: 2026-10-20",
                 "Place: Community centre meeting room, Great Yarmouth",
                 "Audience: Carers, family members and friends",
                 "Locality: Great Yarmouth and Waveney"):
        doc.add_paragraph(line)
    doc.add_heading("Great Yarmouth carers forum - notes", level=1)
    doc.add_paragraph("Eleven carers attended. One bullet is one person's point.")
    for heading, points in GREAT_YARMOUTH.items():
        doc.add_heading(heading, level=2)
        for p in points:
            doc.add_paragraph(p, style="List Bullet")
    props = doc.core_properties
    props.author = props.last_modified_by = "Engagement team (fictional sample)"
    props.title = "Great Yarmouth carers forum - notes"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    doc.save(str(path))
    normalise_zip(path)


QUESTION_MAP = """questions:
  - id: working_well
    text: What is working well?
    columns: ["What is working well?", "What is good?"]
  - id: needs_to_change
    text: What needs to change?
    columns: ["What needs to change?", "What is bad?"]
  - id: future_support
    text: What would make things better?
    columns: ["What would make things better?"]
  - id: anything_else
    text: Anything else you would like to tell us?
    columns: ["Anything else you would like to tell us?"]
"""

ACTIONS = [
    ("access", "Publish one 'where to get help' guide (print, web and Easy Read) listing every "
     "adult mental health service, who it is for and how to self-refer",
     "Communications and engagement team", "done", "2026-11-20",
     "Guide published 20 November 2026; printed copies sent to every GP practice and library",
     ""),
    ("access;integration", "Pilot a named navigator for people waiting more than 12 weeks for a "
     "community mental health assessment", "Community mental health transformation lead",
     "in-progress", "2027-03-31", "Pilot running in two primary care networks since January", ""),
    ("crisis", "Open the crisis café seven evenings a week in Norwich and open a second café in "
     "Great Yarmouth", "Urgent care workstream", "planned", "2027-06-30", "", ""),
    ("crisis", "Answer or call back every crisis line call within 15 minutes",
     "Crisis line service manager", "in-progress", "2027-02-28",
     "Answered within 15 minutes: 71% in October, 84% in November (fictional figures)", ""),
    ("carers;integration", "Invite family and carers to every discharge planning meeting unless "
     "the person objects, and record it", "Inpatient services lead", "in-progress",
     "2027-04-30", "Audit template agreed; first audit due April 2027", ""),
    ("carers", "Carers' information pack on the Mental Health Act, nearest relative rights and "
     "who to call", "Carers partnership group", "done", "2026-11-30",
     "Pack co-written with the Great Yarmouth carers forum", ""),
    ("stigma", "Anti-stigma campaign for men in rural and farming communities, co-designed with "
     "people with lived experience", "Public health mental health lead", "planned",
     "2027-09-30", "", ""),
    ("integration", "Give GP practices read access to community mental health care plans "
     "through the shared care record", "Digital programme board", "not-doing", "", "",
     "The supplier cannot do it this year. We will look again in the 2027/28 review"),
]

README = """# Sample data: Adult mental health listening exercise 2026

**Everything in this folder is fictional.** The exercise, respondents, comments, names
(e.g. "Dr Okafor", "my son Liam"), phone numbers (Ofcom drama ranges such as 07700 900123),
email addresses (example.org) and postcodes (e.g. NR1 9ZZ) were invented for testing. No real
person's words or details are used. The set is loosely modelled on how the 2019 Norfolk &
Waveney adult mental health strategy engaged people (online and paper survey, Easy Read forms,
public events, user and carer forums).

Regenerate (deterministic, byte-identical on re-run):

    python data/sample/make_sample.py

Files:

- `survey-online.csv` – online survey export, ~320 respondents. **Windows-1252**, CRLF,
  comma-delimited, as Excel saves it (contains £ and curly quotes).
- `survey-paper.xlsx` – 40 typed-up paper surveys, sheet `Responses`, same columns as the CSV;
  dates are Excel date cells; a few emoji.
- `easy-read-forms.xlsx` – 12 typed-up Easy Read forms, sheet `Forms`.
- `events/kings-lynn-public-event.md`, `events/lowestoft-public-event.md` – public event notes:
  `---` front matter, `#`/`##` headings, one `- ` bullet per person's point.
- `events/norwich-user-forum.txt` – user forum notes: front matter, headings as lines ending in
  `:` or in CAPITALS, one point per paragraph.
- `events/great-yarmouth-carers-forum.docx` – carers forum notes (Word): `Key: value` lines,
  Heading 1/2, `List Bullet` points.
- `question-map.yaml` – maps each form's columns onto canonical questions.
- `actions.csv` – fictional "we did" actions (`theme,text,owner,status,due,evidence,reason`;
  several themes are `;`-joined; `reason` says why a not-doing action is not being done).
- `make_sample.py` – the generator (hand-written comment banks inside).

Deliberate oddities for testing ingest, redaction and safeguarding:

- `survey-online.csv`: one malformed record (an unquoted comma gives it 12 fields instead of
  11); three exact duplicate records (double export, same Response ID and content); four
  records with every free-text answer blank; one answer of about 3,000 characters with
  paragraph breaks; some answers contain line breaks; many "Anything else" cells are blank.
- `survey-paper.xlsx`: one row with the satisfaction box not ticked (empty cell); transcriber
  notes such as `[illegible]` and `[name removed]`.
- `easy-read-forms.xlsx`: one form with every free-text answer blank.
- Current-risk disclosures (e.g. "I have thought about ending my life while waiting…") appear in
  the surveys, one Easy Read form and the event notes; figurative phrases such as "this waiting
  list is killing me" are included as near-misses.
- Fictional personal details to redact: people's names, 07700 900xxx / 01632 960xxx numbers,
  an example.org email address, a street address and ZZ postcodes.
"""


def main() -> None:
    """Write every sample file and print a short summary."""
    rng = random.Random(SEED)
    banks = {"ww": parse_bank(WORKING_WELL), "nc": parse_bank(NEEDS_TO_CHANGE),
             "ae": parse_bank(ANYTHING_ELSE)}
    distinct = {c.text for bank in banks.values() for c in bank}
    assert len(distinct) >= 250, len(distinct)

    data, info = build_online(rng, banks)
    (OUT / "survey-online.csv").write_bytes(data)
    paper = build_paper(rng, info["pickers"])
    save_xlsx(OUT / "survey-paper.xlsx", "Responses", COLUMNS, paper)
    save_xlsx(OUT / "easy-read-forms.xlsx", "Forms", EASY_READ_COLUMNS, build_easy_read(rng))
    events = write_events(OUT)
    (OUT / "question-map.yaml").write_text(QUESTION_MAP, encoding="utf-8", newline="\n")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["theme", "text", "owner", "status", "due", "evidence", "reason"])
    writer.writerows(ACTIONS)
    (OUT / "actions.csv").write_text(buf.getvalue(), encoding="utf-8", newline="\n")
    (OUT / "README.md").write_text(README, encoding="utf-8", newline="\n")

    print(f"bank comments: {sum(len(b) for b in banks.values())} ({len(distinct)} distinct)")
    print(f"online: {info['records']} records, {info['unique_ids']} response IDs; "
          f"bad record {info['bad_record']}; blank records {info['blank_records']}; "
          f"long answer record {info['long_record']}; duplicates {info['duplicate_ids']} "
          f"repeated at records {info['duplicate_records']}; "
          f"bank items unused online {info['unused']}")
    print(f"paper: {len(paper)} rows; easy read: {len(EASY_READ)} forms; events: {events}; "
          f"actions: {len(ACTIONS)}")


if __name__ == "__main__":
    main()
